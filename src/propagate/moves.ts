/** What an `update` run did in one repository, read from its report. Pure. */

import type { Report } from '../run.js';

/** One reference whose pin moved. */
export interface Move {
  /** Relative to the repository root. */
  file: string;
  line: number;
  from: string;
  to: string;
}

/** Every reference the run rewrote, in file order. */
export function movesOf(report: Report): Move[] {
  return report.entries.flatMap((entry) => {
    if (entry.wrote === undefined || !entry.ref?.digest) return [];
    const at = entry.found.at ?? entry.found;
    return [{ file: entry.file, line: at.line, from: entry.ref.digest, to: entry.wrote }];
  });
}

/** Why the run cannot be committed (unreadable files, references that failed), or undefined when it can. */
export function problemsOf(report: Report): string | undefined {
  const problems = problemList(report);
  return problems.length === 0 ? undefined : problems.join('; ');
}

/** Each unreadable file or failed reference of the run, as `file:line:column: message` (or `file: message`). */
export function problemList(report: Report): string[] {
  const failed = report.entries
    .filter((entry) => entry.status === 'error')
    .map((entry) => {
      const { line, column } = entry.found.at ?? entry.found;
      return { file: entry.file, line, column, message: entry.message ?? 'failed' };
    });
  return [...report.problems, ...failed].map(({ file, line, column, message }) =>
    line > 0 ? `${file}:${line}:${column}: ${message}` : `${file}: ${message}`,
  );
}
