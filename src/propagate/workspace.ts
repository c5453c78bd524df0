/** The local clone of each dependent under the work directory: one per repository URL, reused between runs. */

import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ensureRepository } from '../git/index.js';
import { withDirectoryLock } from './dir-lock.js';

/** `<workdir>/<name>-<hash of the URL>`: readable, and distinct for distinct URLs. */
export function workTreeDir(workdir: string, repo: string): string {
  const name =
    path
      .basename(repo.replace(/[/\\]+$/, ''))
      .replace(/\.git$/, '')
      .replace(/[^A-Za-z0-9._-]/g, '_') || 'repo';
  const hash = createHash('sha256').update(repo).digest('hex').slice(0, 12);
  return path.join(workdir, `${name.slice(0, 40)}-${hash}`);
}

/** Runs `fn` in the clone of `repo` (created on first use), holding its lock throughout. */
export async function withWorkTree<T>(
  workdir: string,
  repo: string,
  lockWaitMs: number,
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = workTreeDir(workdir, repo);
  await mkdir(workdir, { recursive: true, mode: 0o700 }); // clones may hold private code: this user's only
  return withDirectoryLock(dir, lockWaitMs, async () => {
    await ensureRepository(dir);
    return fn(dir);
  });
}
