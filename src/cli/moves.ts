import { summarizeChange, type ImageSource } from '../image/index.js';
import { familiarString, withoutDigest } from '../reference/index.js';
import type { Report } from '../run.js';

/** One image whose pin this run moved, with what changed between the two digests. */
export interface Move {
  image: string;
  from: string;
  to: string;
  /** What changed (the `diff` summary), or null when it could not be read; `error` then says why. */
  summary: string | null;
  error?: string;
}

/** Every distinct pin move in the report, each described once; a description that fails never fails the command. */
export async function describeMoves(report: Report, source: ImageSource): Promise<Move[]> {
  const moves = new Map<string, Promise<Move>>();
  for (const entry of report.entries) {
    const from = entry.ref?.digest;
    if (entry.wrote === undefined || !entry.ref || !from || from === entry.wrote) continue;
    const ref = entry.ref;
    const to = entry.wrote;
    const image = familiarString(withoutDigest(ref));
    const key = `${image} ${from} ${to}`;
    if (moves.has(key)) continue;
    moves.set(
      key,
      summarizeChange(source, ref, from, to).then(
        (summary) => ({ image, from, to, summary }),
        (error: Error) => ({ image, from, to, summary: null, error: error.message }),
      ),
    );
  }
  return Promise.all(moves.values());
}
