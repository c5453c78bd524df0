/**
 * What each reference command does, in one table: which references it asks the registry about, which it writes a
 * digest for, and which fail it (exit 1). Everything else follows from the statuses: a reference that could not be
 * handled (status `error`) and a file-level problem fail every command with exit 2, whatever this table says. Pure.
 */

import type { Status } from './types.js';

export type Command = 'ls' | 'check' | 'pin' | 'update';

/** What `check` fails on (`--fail-on`): unpinned references, stale pins, or either. */
export type FailOn = 'unpinned' | 'stale' | 'any';

export interface CommandPolicy {
  /** The statuses, as classified before any lookup, of the references whose tag the registry is asked for. */
  lookUp: readonly Extract<Status, 'unpinned' | 'pinned'>[];
  /** The statuses, once looked up, of the references the command writes the current digest for. */
  write: readonly Extract<Status, 'unpinned' | 'stale'>[];
  /** The statuses that fail the command (exit 1); `--fail-on` narrows them, `--strict` adds `skipped`. */
  fails: readonly Extract<Status, 'unpinned' | 'stale'>[];
}

export const POLICY: Readonly<Record<Command, CommandPolicy>> = {
  ls: { lookUp: [], write: [], fails: [] },
  check: { lookUp: ['unpinned', 'pinned'], write: [], fails: ['unpinned', 'stale'] },
  pin: { lookUp: ['unpinned'], write: ['unpinned'], fails: [] },
  update: { lookUp: ['pinned'], write: ['stale'], fails: [] },
};

/**
 * The statuses that fail `command` once refined by `--fail-on` (only `unpinned`, only `stale`, or `any`) and
 * `--strict` (references basepin had to skip fail too; ones the user chose to ignore never do). A command that fails
 * on nothing is not refined.
 */
export function failingStatuses(command: Command, options: { failOn: FailOn; strict: boolean }): Set<Status> {
  const fails = POLICY[command].fails;
  if (fails.length === 0) return new Set();
  const chosen: Status[] = fails.filter((status) => options.failOn === 'any' || status === options.failOn);
  return new Set(options.strict ? [...chosen, 'skipped'] : chosen);
}
