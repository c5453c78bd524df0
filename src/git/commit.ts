/** Commits on the detached HEAD of a work tree, and compares commits by what they change. */

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GitAuthor } from './author.js';
import { git } from './run.js';

/**
 * Commits `files` (relative to `dir`) with `message` as `author`, without hooks or signing from the user's global
 * configuration; returns the new commit.
 */
export async function commitFiles(
  dir: string,
  files: readonly string[],
  message: string,
  author: GitAuthor,
): Promise<string> {
  // No automatic maintenance after the commit (one more git process per dependent): the next fetch runs it.
  const identity = [
    '-c',
    `user.name=${author.name}`,
    '-c',
    `user.email=${author.email}`,
    '-c',
    'commit.gpgsign=false',
    '-c',
    'maintenance.auto=false',
  ];
  // `commit -- FILES` stages and commits just those (tracked) files: one git process, not two.
  await git([...identity, 'commit', '--quiet', '--no-verify', '-F', '-', '--', ...files], { cwd: dir, input: message });
  // A detached HEAD holds the commit itself; read it rather than start another git process.
  const head = (await readFile(path.join(dir, '.git', 'HEAD'), 'utf8').catch(() => '')).trim();
  return /^[0-9a-f]{40,64}$/.test(head) ? head : (await git(['rev-parse', 'HEAD'], { cwd: dir })).trim();
}

/**
 * Whether two commits have the same tree and the same parents: the same change to the same base. Read from the raw
 * commit objects, since a shallow fetch hides the parents of the commits at its boundary from `git log`.
 */
export async function sameChange(dir: string, one: string, other: string): Promise<boolean> {
  const raw = (commit: string) => git(['cat-file', 'commit', commit], { cwd: dir });
  const [first, second] = await Promise.all([raw(one), raw(other)]);
  return treeAndParents(first) === treeAndParents(second);
}

/** The `tree` and `parent` header lines of a raw commit object. */
function treeAndParents(raw: string): string {
  const header = raw.slice(0, raw.indexOf('\n\n'));
  return header
    .split('\n')
    .filter((line) => line.startsWith('tree ') || line.startsWith('parent '))
    .join('\n');
}
