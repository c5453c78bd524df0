import type { Command } from '../../plan/index.js';
import type { Report } from '../../run.js';
import type { Move } from '../moves.js';

/** The report formats of pin, check, update and ls (`--format`, `--output FORMAT:FILE`). */
export const FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** What a format needs besides the report. */
export interface ReportContext {
  command: Command;
  report: Report;
  /** `--dry-run`: what `wrote` says was not written. */
  dryRun: boolean;
  /** `check --strict`: references basepin had to skip fail the check, so they are findings too. */
  strict: boolean;
  /** `--quiet`: the text format prints only what needs attention. */
  quiet: boolean;
  /** The text goes to a terminal (not a pipe or a file): the `--dry-run` diff is then made printable too. */
  terminal?: boolean;
  /** update: each image whose pin moved, with what changed. */
  moves: Move[];
}

/** A rendered report: what goes to standard output, and (text format) the problem lines meant for standard error. */
export interface Rendered {
  stdout: string;
  stderr: string;
}
