/** Shared pieces of basepin's human output for images. */

import { formatSize } from './size.js';
import type { HistoryStep } from './summary.js';

/** The size a history step added: its layer's (compressed), `0 B` for a step that made none, `?` when unknown. */
export const stepSize = (step: HistoryStep) =>
  step.emptyLayer ? '0 B' : step.layer === null ? '?' : formatSize(step.layer.size);

/** Rows as columns separated by two spaces, each column as wide as its widest cell (the last one left ragged). */
export function table(rows: readonly (readonly string[])[], indent = ''): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, column) => (column < row.length - 1 ? cell.padEnd(widths[column]!) : cell))
        .join('  ')
        .trimEnd(),
  );
}

/** `n thing` or `n things`. */
export const count = (n: number, thing: string) => `${n} ${thing}${n === 1 ? '' : 's'}`;

/** A history command on one line, cut to a readable length (`--json` has it whole). */
export function oneLine(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
