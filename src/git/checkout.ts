/**
 * A reusable local clone: created once with `git init`, then for every use a shallow fetch of just the branches
 * needed and a forced checkout of one of them, with every untracked or ignored file removed. The remote URL is
 * passed on each command and never stored, so credentials in it stay out of `.git/config`.
 */

import { access, mkdir, readdir, readFile } from 'node:fs/promises';
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
    // No template: basepin runs no hooks in its clones, and copying the sample hooks into each one costs time.
    await git(['init', '--quiet', '--template=', dir]);
  }
}

/**
 * Fetches `refs/heads/<branch>` of `url` into `localRef(name)` for each `[name, branch]`, one commit deep, and
 * returns each fetched commit, read from `FETCH_HEAD` (one line per refspec, in order, the commit first) rather
 * than asked of another git process: across thousands of dependents, every process spawned counts.
 */
export async function fetchBranches(
  dir: string,
  url: string,
  wanted: ReadonlyArray<readonly [name: string, branch: string]>,
): Promise<Map<string, string>> {
  const refspecs = wanted.map(([name, branch]) => `+refs/heads/${branch}:${localRef(name)}`);
  await git(['fetch', '--quiet', '--depth', '1', '--no-tags', url, ...refspecs], { cwd: dir });
  const lines = (await readFile(path.join(dir, '.git', 'FETCH_HEAD'), 'utf8'))
    .split('\n')
    .map((line) => line.split('\t')[0]!);
  if (!wanted.every((_, index) => /^[0-9a-f]{40,64}$/.test(lines[index] ?? ''))) {
    const commits = await git(['rev-parse', ...wanted.map(([name]) => localRef(name))], { cwd: dir });
    lines.splice(0, lines.length, ...commits.trim().split('\n'));
  }
  return new Map(wanted.map(([name], index) => [name, lines[index]!]));
}

/** Makes the work tree exactly `commit`: detached HEAD, no local changes, no untracked or ignored files. */
export async function checkoutClean(dir: string, commit: string): Promise<void> {
  // A work tree holding nothing but `.git` (a new clone) has nothing to clean: spare a git process.
  const empty = (await readdir(dir)).every((name) => name === '.git');
  await git(['checkout', '--quiet', '--force', '--detach', commit], { cwd: dir });
  if (!empty) await git(['clean', '-ffdxq'], { cwd: dir });
}
