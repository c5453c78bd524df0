/** Pushes the checked-out commit to a branch of a remote, telling a rejection (the remote moved) from a failure. */

import { git, GitError } from './run.js';

export interface PushOptions {
  /**
   * Overwrite the branch only if it is still at this commit (`''`: only if it does not exist): `--force-with-lease`.
   * Without it the push must be a fast-forward.
   */
  lease?: string;
}

/**
 * Pushes HEAD to `refs/heads/<branch>` of `url`. Resolves `'pushed'`, or `'rejected'` when the remote's branch moved
 * since it was fetched (not a fast-forward, or a stale lease): fetching again and redoing the change can succeed.
 * Any other failure (no access, a protected branch, a hook that declined) throws GitError.
 */
export async function pushHead(
  dir: string,
  url: string,
  branch: string,
  options: PushOptions = {},
): Promise<'pushed' | 'rejected'> {
  const ref = `refs/heads/${branch}`;
  const lease = options.lease === undefined ? [] : [`--force-with-lease=${ref}:${options.lease}`];
  try {
    await git(['push', '--porcelain', '--no-verify', ...lease, url, `HEAD:${ref}`], { cwd: dir });
    return 'pushed';
  } catch (error) {
    if (error instanceof GitError && (rejectedAsStale(error.stdout) || lostRace(error.stdout, error.stderr)))
      return 'rejected';
    throw error;
  }
}

/** `push --porcelain` marks a ref it refused with `!`; `[rejected]` (not `[remote rejected]`) means it was stale. */
function rejectedAsStale(porcelain: string): boolean {
  return porcelain.split('\n').some((line) => line.startsWith('!') && line.includes('[rejected]'));
}

/**
 * Another push updated the branch between our lease check and the remote's ref update (two processes pushing to one
 * repository at once): the remote rejects ours because the ref is no longer at the old value it checked, e.g. git's
 * `[remote rejected] (failed to update ref)` with `cannot lock ref '...': is at X but expected Y`, or GitHub's
 * `incorrect old value provided`. Like a stale lease, fetching again and redoing the change can succeed. Other remote
 * rejections (a protected branch, a declining hook) are failures.
 */
function lostRace(porcelain: string, stderr: string): boolean {
  const refused = porcelain.split('\n').filter((line) => line.startsWith('!') && line.includes('[remote rejected]'));
  if (refused.length === 0) return false;
  const text = `${refused.join('\n')}\n${stderr}`;
  return /cannot lock ref|but expected|incorrect old value|failed to update ref|reference already exists/i.test(text);
}
