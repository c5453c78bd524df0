/**
 * Parser directives (`# syntax=...`, `# escape=...`, `# check=...`) at the top of a Dockerfile, read the way
 * BuildKit reads them, and a copy of the text that makes dockerfile-ast agree with BuildKit about them.
 */
import { extractErrorAt } from '../common/found-at.js';

/** One directive line. Offsets are into the text as given (a byte order mark counts). */
export interface DirectiveLine {
  /** Lower-cased, as BuildKit compares it. */
  name: string;
  value: string;
  valueStart: number;
  /** Offsets of the line, without its line break. */
  lineStart: number;
  lineEnd: number;
  /** Whether blanks come before the `#` (BuildKit then still reads the line as a directive, but not as `syntax`). */
  indented: boolean;
}

export interface Directives {
  lines: DirectiveLine[];
  /** The escape character: `\` unless an `escape` directive says `` ` ``. */
  escape: string;
  /** The `syntax` directive, if BuildKit's syntax detection sees one. */
  syntax?: DirectiveLine;
}

const known = new Set(['syntax', 'escape', 'check']);
// BuildKit: ^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$ with Go's \s = [\t\n\f\r ]. The first group here is
// everything before the value, to find where the value starts.
const directivePattern = /^(#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*)(.+?)[\t\n\f\r ]*$/;
const bom = '\ufeff';

/**
 * Reads the directives: consecutive lines from the top (after a byte order mark) that are comments of the
 * form `#name=value` with a known name. The first other line ends them.
 * Throws ExtractError where BuildKit refuses the file: a repeated directive, or an escape other than `\` or `` ` ``.
 */
export function readDirectives(text: string): Directives {
  const lines: DirectiveLine[] = [];
  let lineStart = text.startsWith(bom) ? 1 : 0;
  while (lineStart < text.length) {
    const lineEnd = endOfLine(text, lineStart);
    const directive = parseDirectiveLine(text, lineStart, lineEnd);
    if (!directive) break;
    if (lines.some((seen) => seen.name === directive.name)) {
      throw extractErrorAt(text, lineStart, `only one ${directive.name} parser directive can be used`);
    }
    lines.push(directive);
    lineStart = nextLineStart(text, lineEnd);
  }
  const escapeLine = lines.find((line) => line.name === 'escape');
  if (escapeLine && escapeLine.value !== '\\' && escapeLine.value !== '`') {
    const message = `invalid escape character '${escapeLine.value}' (must be \\ or \`)`;
    throw extractErrorAt(text, escapeLine.valueStart, message);
  }
  const syntax = lines.find((line) => line.name === 'syntax');
  return {
    lines,
    escape: escapeLine?.value ?? '\\',
    // BuildKit's syntax detection does not trim the line, so an indented `# syntax=` selects no frontend.
    ...(syntax && !syntax.indented ? { syntax } : {}),
  };
}

/** The image a `syntax` directive names: its value up to the first space (the rest are frontend options). */
export function syntaxImage(line: DirectiveLine): string {
  return line.value.split(' ')[0];
}

function parseDirectiveLine(text: string, lineStart: number, lineEnd: number): DirectiveLine | undefined {
  const raw = text.slice(lineStart, lineEnd);
  const trimmed = raw.replace(/^\s+/, '');
  const match = directivePattern.exec(trimmed);
  if (!match || !known.has(match[2].toLowerCase())) return undefined;
  const contentStart = lineStart + raw.length - trimmed.length;
  return {
    name: match[2].toLowerCase(),
    value: match[3],
    valueStart: contentStart + match[1].length,
    lineStart,
    lineEnd,
    indented: contentStart > lineStart,
  };
}

/**
 * A copy of `text`, the same length, in which dockerfile-ast reads the escape character BuildKit reads.
 *
 * dockerfile-ast reads directives more loosely than BuildKit (it accepts any name, and stops reading at a
 * directive line with trailing blanks). So each directive line is rewritten as a plain `#name=value`, padded
 * with leading blanks, and a comment line right after the directives is blanked out, so that dockerfile-ast
 * stops there too. Only comment lines change, so every instruction keeps its offsets.
 */
export function textForParser(text: string, directives: Directives): string {
  if (directives.lines.length === 0 && !/^\ufeff?[\t ]*#/.test(text)) return text;
  let result = text;
  for (const line of directives.lines) {
    const value = line.name === 'escape' ? line.value : 'x';
    result = replaceLine(result, line, `#${line.name}=${value}`.padStart(line.lineEnd - line.lineStart));
  }
  const last = directives.lines.at(-1);
  const nextStart = last ? nextLineStart(text, last.lineEnd) : text.startsWith(bom) ? 1 : 0;
  const nextEnd = endOfLine(text, nextStart);
  if (/^\s*#/.test(text.slice(nextStart, nextEnd))) {
    result = replaceLine(result, { lineStart: nextStart, lineEnd: nextEnd }, '#'.padEnd(nextEnd - nextStart));
  }
  return result;
}

function replaceLine(text: string, line: { lineStart: number; lineEnd: number }, content: string): string {
  return text.slice(0, line.lineStart) + content + text.slice(line.lineEnd);
}

/** The end of the line starting at `from`, before its `\n` or `\r\n` (BuildKit splits lines at `\n` only). */
function endOfLine(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  const end = newline === -1 ? text.length : newline;
  return end > from && text[end - 1] === '\r' ? end - 1 : end;
}

function nextLineStart(text: string, lineEnd: number): number {
  const newline = text.indexOf('\n', lineEnd);
  return newline === -1 ? text.length : newline + 1;
}
