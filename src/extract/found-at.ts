import type { Found, Kind } from './types.js';

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

/** What an extractor knows about one reference before positions are worked out. */
export interface FoundSpan {
  image: string;
  start: number;
  end: number;
  skip?: string;
  template?: string;
  /** Offset where the reference was written, when it differs from `start`. */
  writtenAt?: number;
}

/** A Found for `span` in `text`, with its line and column (and `at`, when `writtenAt` is given). */
export function foundAt(kind: Kind, text: string, span: FoundSpan): Found {
  const { writtenAt, skip, template, ...rest } = span;
  return {
    kind,
    ...rest,
    ...lineColumn(text, span.start),
    ...(writtenAt === undefined ? {} : { at: lineColumn(text, writtenAt) }),
    ...(skip === undefined ? {} : { skip }),
    ...(template === undefined ? {} : { template }),
  };
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
