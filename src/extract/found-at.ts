import { ExtractError, type Found, type Kind } from './types.js';

const BOM = '\uFEFF';

/**
 * The 1-based line and column of `offset` in `text`, as an editor shows them: lines end at `\n` (so CRLF
 * counts once), columns count UTF-16 code units, and a leading byte order mark takes no column.
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let newline = text.indexOf('\n');
  while (newline !== -1 && newline < offset) {
    line += 1;
    lineStart = newline + 1;
    newline = text.indexOf('\n', lineStart);
  }
  const bomWidth = lineStart === 0 && text.startsWith(BOM) && offset > 0 ? 1 : 0;
  return { line, column: offset - lineStart - bomWidth + 1 };
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
