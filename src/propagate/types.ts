import type { PullRequest } from '../forge/index.js';
import type { Move } from './moves.js';

/**
 * What a propagation did in one dependent:
 * - `updated`: a commit was pushed (to the branch itself, or to the proposal branch);
 * - `unchanged`: the proposal branch already held exactly this change; nothing was pushed;
 * - `current`: the branch already pins the new digest; nothing was pushed;
 * - `unpinned`: the branch uses the image without pinning a digest (`basepin pin` there); nothing was pushed;
 * - `unused`: the dependent does not reference the image;
 * - `superseded`: the tag moved to a newer digest before the push; nothing was pushed (the newer push's propagation
 *   moves the dependent);
 * - `deferred`: the pull request budget (the forge's rate limit) is spent; a later run catches up (`error` says what
 *   was done);
 * - `failed`: see `error`; other dependents are not affected.
 */
export type DependentStatus =
  | 'updated'
  | 'unchanged'
  | 'current'
  | 'unpinned'
  | 'unused'
  | 'superseded'
  | 'deferred'
  | 'failed';

export interface DependentResult {
  /** The repository URL, credentials redacted. */
  repo: string;
  status: DependentStatus;
  /** The branch the change was pushed to (or is on, when unchanged). */
  branch?: string;
  /** The branch the change is based on (and is merged into). */
  base?: string;
  /** The commit holding the change. */
  commit?: string;
  moves: Move[];
  pullRequest?: PullRequest;
  /** Why it failed; credentials redacted. */
  error?: string;
}

/** A propagation of one image to every dependent. */
export interface Propagation {
  /** The normalized `name:tag`. */
  image: string;
  /** The digest the dependents were moved to. */
  digest: string;
  /** The shard this run reconciled, when the dependents were split. */
  shard?: { index: number; count: number };
  results: DependentResult[];
}

/**
 * Describes what changed in an image between two digests, for pull request bodies (an image diff summary); undefined
 * when there is nothing to say.
 */
export type DescribeChange = (image: string, from: string, to: string) => Promise<string | undefined>;
