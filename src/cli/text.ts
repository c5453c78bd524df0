/** Small text helpers every human format shares: short digests, locations, plurals, counts and aligned tables. */

import { printable } from './printable.js';

/** Short form of a digest for people: the algorithm and 12 hex characters (`sha256:abcdef123456`). */
export const short = (digest: string) => digest.replace(/^(sha\d+:[0-9a-f]{12})[0-9a-f]+$/, '$1');

/** A reference as written, with its digest (if any) in the short form: `base:1@sha256:abcdef123456`. */
export const shortImage = (image: string) => image.replace(/@(sha\d+:[0-9a-f]{12})[0-9a-f]+$/, '@$1');

/** `file:line:column`, or the file alone for a problem with no position (line 0). */
export function location(file: string, line: number, column: number): string {
  return line > 0 ? `${file}:${line}:${column}` : file;
}

/** `1 file`, `2 files`. */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : many}`;
}

/** How many of each value, in the order first seen. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * Rows of cells as aligned lines: every column but the last padded to its widest cell, cells made printable
 * (see printable.ts), then `decorate` (colors) applied to each padded cell. Trailing spaces are trimmed.
 */
export function table(
  rows: readonly string[][],
  decorate: (cell: string, column: number, row: number) => string = (cell) => cell,
): string[] {
  const safe = rows.map((row) => row.map(printable));
  const columns = Math.max(0, ...safe.map((row) => row.length));
  const widths = Array.from({ length: columns - 1 }, (_, column) => Math.max(0, ...safe.map((row) => row[column]?.length ?? 0)));
  return safe.map((row, index) =>
    row
      .map((cell, column) => decorate(column < widths.length ? cell.padEnd(widths[column]!) : cell, column, index))
      .join('  ')
      .trimEnd(),
  );
}
