/**
 * A reusable local clone: created once with `git init`, then for every use a shallow fetch of just the branches
 * needed and a forced checkout of one of them, with every untracked or ignored file removed. The remote URL is
 * passed on each command and never stored, so credentials in it stay out of `.git/config`.
 */

import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { git } from './run.js';

/** Where fetched branches are kept in the local clone: `refs/basepin/<name>`. */
const localRef = (name: string) => `refs/basepin/${name}`;

/** Creates an empty repository at `dir` unless one is there. */
export async function ensureRepository(dir: string): Promise<void> {
  try {
    await access(path.join(dir, '.git'));
  } catch {
    await mkdir(dir, { recursive: true });
    await git(['init', '--quiet', dir]);
  }
}

/**
 * Fetches `refs/heads/<branch>` of `url` into `localRef(name)` for each `[name, branch]`, one commit deep, and
 * returns each fetched commit.
 */
export async function fetchBranches(
  dir: string,
  url: string,
  wanted: ReadonlyArray<readonly [name: string, branch: string]>,
): Promise<Map<string, string>> {
  const refspecs = wanted.map(([name, branch]) => `+refs/heads/${branch}:${localRef(name)}`);
  await git(['fetch', '--quiet', '--depth', '1', '--no-tags', url, ...refspecs], { cwd: dir });
  const commits = await git(['rev-parse', ...wanted.map(([name]) => localRef(name))], { cwd: dir });
  const lines = commits.trim().split('\n');
  return new Map(wanted.map(([name], index) => [name, lines[index]!]));
}

/** Makes the work tree exactly `commit`: detached HEAD, no local changes, no untracked or ignored files. */
export async function checkoutClean(dir: string, commit: string): Promise<void> {
  await git(['checkout', '--quiet', '--force', '--detach', commit], { cwd: dir });
  await git(['clean', '-ffdxq'], { cwd: dir });
}
