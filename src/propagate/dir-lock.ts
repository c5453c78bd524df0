/**
 * One user of a work tree at a time: callers in this process queue behind each other, and other processes on this
 * machine are kept out by a lock file beside the directory (`DIR.lock`, holding the owner's pid). A lock whose owner
 * is no longer running is taken over.
 */

import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 100;
const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` while holding the lock of `dir`; waits at most `waitMs` for another process to release it. */
export async function withDirectoryLock<T>(dir: string, waitMs: number, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(dir) ?? Promise.resolve();
  const mine = previous.then(async () => {
    await acquire(`${dir}.lock`, Date.now() + waitMs);
    try {
      return await fn();
    } finally {
      await release(`${dir}.lock`);
    }
  });
  const settled = mine.catch(() => undefined);
  queues.set(dir, settled);
  void settled.then(() => {
    if (queues.get(dir) === settled) queues.delete(dir);
  });
  return mine;
}

/** Creates the lock file with this process's pid in it, atomically (a hard link of a file already written). */
async function acquire(lockFile: string, deadline: number): Promise<void> {
  const mine = `${lockFile}.${process.pid}`;
  await writeFile(mine, String(process.pid));
  try {
    for (;;) {
      try {
        await link(mine, lockFile);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = await ownerOf(lockFile);
      // Our own pid in the file is a leftover of an earlier process that had it (a container's PID 1 after a restart):
      // within this process, users of one work tree already wait in line above.
      if (owner === process.pid || !running(owner)) {
        await unlink(lockFile).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`the work tree is in use by process ${owner} (${lockFile})`);
      await sleep(POLL_MS);
    }
  } finally {
    await unlink(mine);
  }
}

/** Removes the lock file only while it is still ours. */
async function release(lockFile: string): Promise<void> {
  if ((await ownerOf(lockFile)) === process.pid) await unlink(lockFile).catch(() => undefined);
}

async function ownerOf(lockFile: string): Promise<number> {
  return Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
}

function running(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
