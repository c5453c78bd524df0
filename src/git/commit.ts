/** Commits on the detached HEAD of a work tree, and compares commits by what they change. */

import type { GitAuthor } from './author.js';
import { git } from './run.js';

/**
 * Commits `files` (relative to `dir`) with `message` as `author`, without hooks or signing from the user's global
 * configuration; returns the new commit.
 */
export async function commitFiles(dir: string, files: readonly string[], message: string, author: GitAuthor): Promise<string> {
  await git(['add', '--', ...files], { cwd: dir });
  const identity = ['-c', `user.name=${author.name}`, '-c', `user.email=${author.email}`, '-c', 'commit.gpgsign=false'];
  await git([...identity, 'commit', '--quiet', '--no-verify', '-F', '-'], { cwd: dir, input: message });
  return (await git(['rev-parse', 'HEAD'], { cwd: dir })).trim();
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
