/**
 * YAML that Kubernetes reads but the `yaml` library refuses: a quoted scalar or a flow collection (`[...]`, `{...}`)
 * that goes on over several lines, whose continuation lines are indented less than the key it belongs to:
 *
 *   containers:
 *     - args: ["--foo",
 *     "--bar"]
 *
 * The YAML spec wants those lines indented more than the key; kubectl and PyYAML do not check, and there the
 * indentation of such a line means nothing (folding drops it; a flow collection ignores it).
 * `reindented` adds the spaces the spec wants, so the library reads the same data, and remembers where, so that every
 * position can be taken back to the text as written (`originalOffset`). It is only used on text that failed to parse.
 */

/** Spaces added before the original text's offset `at`. */
export interface Insertion {
  at: number;
  count: number;
  /** Spaces added before this insertion. */
  before: number;
}

interface Open {
  /** `"`, `'`, `[` or `{`. */
  kind: string;
  /** Column (0-based) of its opening character on its line. */
  column: number;
}

/**
 * `text` with each line that starts inside a multi-line quoted scalar or flow collection indented one column past
 * the construct's opening character, and where spaces were added; undefined when there is no such line. A lexical
 * scan, linear in the text: comments, block scalars (`|`, `>`) and document markers are recognised, nothing else is
 * interpreted.
 */
export function reindented(text: string): { text: string; insertions: Insertion[] } | undefined {
  const insertions: Insertion[] = [];
  const open: Open[] = [];
  /** The indentation a block scalar's lines are deeper than, while inside one; else -1. */
  let blockScalarParent = -1;
  for (let lineStart = 0; lineStart < text.length; ) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const indent = line.length - line.trimStart().length;
    if (blockScalarParent >= 0 && (line.trim() === '' || indent > blockScalarParent)) {
      lineStart = lineEnd + 1;
      continue;
    }
    blockScalarParent = -1;
    if (/^(?:---|\.\.\.)(?:\s|$)/.test(line)) open.length = 0;
    if (open.length > 0 && line.trim() !== '') {
      const wanted = open[0]!.column + 1;
      if (indent < wanted) {
        const before = insertions.length === 0 ? 0 : insertions.at(-1)!.before + insertions.at(-1)!.count;
        insertions.push({ at: lineStart, count: wanted - indent, before });
      }
    }
    const scalarHeader = scanLine(line, open);
    if (scalarHeader) blockScalarParent = indent;
    lineStart = lineEnd + 1;
  }
  if (insertions.length === 0) return undefined;
  let result = '';
  let at = 0;
  for (const insertion of insertions) {
    result += text.slice(at, insertion.at) + ' '.repeat(insertion.count);
    at = insertion.at;
  }
  return { text: result + text.slice(at), insertions };
}

/**
 * Reads one line, updating the constructs left open at its end. Returns whether the line ends with a block scalar
 * header (`key: |`, `- >-`), whose following, deeper lines are text.
 */
function scanLine(line: string, open: Open[]): boolean {
  /** Whether a quote or bracket here would start a value (not sit inside a plain scalar). */
  let valueStart = open.length === 0 || open.at(-1)!.kind === '[' || open.at(-1)!.kind === '{';
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    const top = open.at(-1)?.kind;
    if (top === '"') {
      if (char === '\\') index++;
      else if (char === '"') open.pop();
      valueStart = false;
      continue;
    }
    if (top === "'") {
      if (char === "'" && line[index + 1] === "'") index++;
      else if (char === "'") open.pop();
      valueStart = false;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r') continue;
    const inFlow = top === '[' || top === '{';
    const next = line[index + 1];
    const endsToken = next === undefined || next === ' ' || next === '\t' || next === '\r';
    if (char === '#' && (index === 0 || /\s/.test(line[index - 1]!))) break;
    if (valueStart && (char === '"' || char === "'" || char === '[' || char === '{')) {
      open.push({ kind: char, column: index });
      valueStart = char === '[' || char === '{';
    } else if (inFlow && (char === ']' || char === '}')) {
      open.pop();
      valueStart = false;
    } else if (inFlow && char === ',') {
      valueStart = true;
    } else if ((char === ':' || char === '-' || char === '?') && (endsToken || (inFlow && char === ':'))) {
      valueStart = true;
    } else if (valueStart && (char === '&' || char === '!')) {
      // An anchor or a tag before the value: the value starts after it.
      while (index + 1 < line.length && !/\s/.test(line[index + 1]!)) index++;
    } else if (valueStart && !inFlow && (char === '|' || char === '>') && isBlockHeader(line.slice(index))) {
      return true;
    } else {
      valueStart = false;
    }
  }
  return false;
}

/** Whether `rest` (from `|` or `>`) is a block scalar header: indicators, then nothing but blanks or a comment. */
function isBlockHeader(rest: string): boolean {
  return /^[|>][0-9+-]*[ \t]*(?:#.*)?\r?$/.test(rest);
}

/** The offset in the original text of `offset` in the reindented text (inside added spaces: where they were added). */
export function originalOffset(insertions: readonly Insertion[], offset: number): number {
  // The last insertion whose spaces begin at or before `offset` in the reindented text, by binary search.
  let low = 0;
  let high = insertions.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (insertions[middle]!.at + insertions[middle]!.before <= offset) low = middle + 1;
    else high = middle;
  }
  if (low === 0) return offset;
  const { at, count, before } = insertions[low - 1]!;
  return offset < at + before + count ? at : offset - before - count;
}
