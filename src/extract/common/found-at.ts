import { ExtractError } from '../errors.js';
import type { Found, Kind } from '../types.js';

const BOM = '\uFEFF';

/**
 * Where each line of a text starts, for turning offsets into lines and columns in O(log lines) each. Lines end at
 * `\n` (so CRLF counts once). Built once per text: extractors report thousands of references in one file.
 */
export class LineIndex {
  /** Offset of the first character of each line; `starts[0]` is 0. */
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1)) {
      this.starts.push(newline + 1);
    }
  }

  /** The 1-based line and column of `offset` (see lineColumn). */
  lineColumn(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    const lineStart = this.starts[line - 1];
    const bomWidth = lineStart === 0 && this.text.startsWith(BOM) && offset > 0 ? 1 : 0;
    return { line, column: offset - lineStart - bomWidth + 1 };
  }

  /** The text of the 1-based `line`, without its line break (`\n`, `\r\n`); '' past the end. */
  lineText(line: number): string {
    if (line < 1 || line > this.starts.length) return '';
    const start = this.starts[line - 1];
    const end = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    const text = this.text.slice(start, end);
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }

  /** The 1-based line holding `offset`: the last line starting at or before it (a newline ends its own line). */
  private lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }
}

/**
 * The line index of `text`. The last one built is kept: every reference of a file asks for the same text's index,
 * and comparing a string with itself is immediate.
 */
export function lineIndexOf(text: string): LineIndex {
  if (lastIndex?.text !== text) lastIndex = new LineIndex(text);
  return lastIndex;
}

let lastIndex: LineIndex | undefined;

/**
 * The 1-based line and column of `offset` in `text`, as an editor shows them: lines end at `\n` (so CRLF
 * counts once), columns count UTF-16 code units, and a leading byte order mark takes no column.
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  return lineIndexOf(text).lineColumn(offset);
}

/** An ExtractError for `message` at `offset` in `text`. */
export function extractErrorAt(text: string, offset: number, message: string): ExtractError {
  const { line, column } = lineColumn(text, offset);
  return new ExtractError(message, line, column);
}

/** What an extractor knows about one reference before positions are worked out. */
export interface FoundSpan {
  /** The reference; for a skipped one, its text (see foundAt). */
  image: string;
  start: number;
  end: number;
  skip?: string;
  template?: string;
  /** Offset where the reference was written, when it differs from `start`. */
  writtenAt?: number;
}

/**
 * A Found for `span` in `text`, with its line and column (and `at`, when `writtenAt` is given). A skipped
 * reference's image is put on one line (see oneLine): it is shown to the user, in a table among others.
 */
export function foundAt(kind: Kind, text: string, span: FoundSpan): Found {
  const { image, writtenAt, skip, template, ...rest } = span;
  return {
    kind,
    image: skip === undefined ? image : oneLine(image),
    ...rest,
    ...lineColumn(text, span.start),
    ...(writtenAt === undefined ? {} : { at: lineColumn(text, writtenAt) }),
    ...(skip === undefined ? {} : { skip }),
    ...(template === undefined ? {} : { template }),
  };
}

/**
 * `text` on one line: trimmed, each line break with the blanks around it made one space. (A YAML block scalar
 * `image: |` keeps its final line break; a quoted string may hold `\n`.)
 */
function oneLine(text: string): string {
  return text.trim().replace(/\s*[\r\n]\s*/g, ' ');
}

/**
 * `found` sorted by position, each span once: an anchored YAML scalar reached again through an alias or a merge
 * key is one reference, not two.
 */
export function inSourceOrder(found: Found[]): Found[] {
  const sorted = [...found].sort((a, b) => a.start - b.start || a.end - b.end);
  const isRepeat = (item: Found, index: number) =>
    index > 0 && item.start === sorted[index - 1].start && item.end === sorted[index - 1].end;
  return sorted.filter((item, index) => !isRepeat(item, index));
}
