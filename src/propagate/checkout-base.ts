import type { Dependent } from '../dependents/index.js';
import { checkoutClean, fetchBranches, lsRemote } from '../git/index.js';

export interface CheckedOut {
  /** The branch checked out: the configured one, or the remote's default. */
  base: string;
  /** Its commit. */
  baseCommit: string;
  /** The commit of the extra branch asked for, when the remote has it. */
  extraCommit?: string;
}

/**
 * Brings the clone in `dir` to the dependent's branch as the remote has it now (shallow fetch, forced checkout,
 * untracked files removed), also fetching `extra` (a proposal branch) when the remote has it.
 */
export async function checkoutBase(dir: string, dependent: Dependent, extra?: string): Promise<CheckedOut> {
  const asked = [dependent.branch, extra].filter((branch) => branch !== undefined);
  const remote = await lsRemote(dependent.repo, asked);
  const base = dependent.branch ?? remote.defaultBranch;
  if (base === undefined) throw new Error('the remote names no default branch; set `branch`');
  if (dependent.branch !== undefined && !remote.heads.has(base)) throw new Error(`the remote has no branch ${base}`);
  const wanted: Array<[string, string]> = [['base', base]];
  if (extra !== undefined && remote.heads.has(extra)) wanted.push(['extra', extra]);
  const commits = await fetchBranches(dir, dependent.repo, wanted);
  const baseCommit = commits.get('base')!;
  await checkoutClean(dir, baseCommit);
  return { base, baseCommit, extraCommit: commits.get('extra') };
}
