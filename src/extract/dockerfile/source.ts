/**
 * Positions in a Dockerfile's text, and the characters of a stretch of it as BuildKit reads them.
 *
 * dockerfile-ast reports positions as (line, character) pairs, counting `\r\n`, `\r` and `\n` as line breaks
 * (the convention of vscode-languageserver-textdocument). This module converts them to offsets into the text
 * exactly as given, a byte order mark included. (Lines and columns shown to users come from found-at.ts.)
 */

/** A zero-based position as dockerfile-ast reports it. */
export interface AstPosition {
  line: number;
  character: number;
}

/** A zero-based range as dockerfile-ast reports it. */
export interface AstRange {
  start: AstPosition;
  end: AstPosition;
}

/** Characters taken from a text, each with the offset it came from (`offsets.length === text.length`). */
export interface Located {
  text: string;
  offsets: number[];
}

/** A Dockerfile's text with a table of where its lines start. */
export class SourceText {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (ch === '\r' || ch === '\n') this.lineStarts.push(i + 1);
    }
  }

  /** The offset of a dockerfile-ast position. */
  offsetAt(position: AstPosition): number {
    const lineStart = this.lineStarts[position.line] ?? this.text.length;
    return Math.min(lineStart + position.character, this.text.length);
  }

  /** The raw text of a dockerfile-ast range. */
  slice(range: AstRange): string {
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  /**
   * The characters of a dockerfile-ast range as BuildKit joins them: a line continuation (the escape character,
   * optional blanks, then the end of the line) is removed, and so are the comment lines and blank lines that
   * follow it. The leading blanks of the continued line are kept, as BuildKit keeps them.
   */
  joined(range: AstRange, escape: string): Located {
    const end = this.offsetAt(range.end);
    const located: Located = { text: '', offsets: [] };
    let i = this.offsetAt(range.start);
    while (i < end) {
      const afterContinuation = this.text[i] === escape ? this.continuationEnd(i + 1) : undefined;
      if (afterContinuation === undefined) {
        located.text += this.text[i];
        located.offsets.push(i);
        i++;
      } else {
        i = this.skipIgnoredLines(afterContinuation);
      }
    }
    return located;
  }

  /** If blanks then a line break (or the end of the text) follow `from`, the offset after them. */
  private continuationEnd(from: number): number | undefined {
    let i = from;
    while (this.text[i] === ' ' || this.text[i] === '\t') i++;
    if (i === this.text.length) return i;
    return isLineBreak(this.text[i]) ? this.afterLineBreak(i) : undefined;
  }

  /** Skips the comment lines and blank lines that start at `from` (BuildKit drops them inside a continuation). */
  private skipIgnoredLines(from: number): number {
    let lineStart = from;
    while (lineStart < this.text.length) {
      let i = lineStart;
      while (i < this.text.length && !isLineBreak(this.text[i]) && /\s/.test(this.text[i])) i++;
      if (this.text[i] === '#') {
        while (i < this.text.length && !isLineBreak(this.text[i])) i++;
      } else if (i < this.text.length && !isLineBreak(this.text[i])) {
        return lineStart;
      }
      lineStart = this.afterLineBreak(i);
    }
    return lineStart;
  }

  private afterLineBreak(i: number): number {
    if (this.text[i] === '\r' && this.text[i + 1] === '\n') return i + 2;
    return i < this.text.length ? i + 1 : i;
  }
}

function isLineBreak(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r';
}

/** The last stretch of (non-empty) `located` whose characters sit side by side in the source: where a digest can go. */
export function lastContiguousRun(located: Located): { start: number; end: number } {
  const { offsets } = located;
  let first = offsets.length - 1;
  while (first > 0 && offsets[first - 1] === offsets[first] - 1) first--;
  return { start: offsets[first], end: offsets[offsets.length - 1] + 1 };
}
