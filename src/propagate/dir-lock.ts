/**
 * One user of a work tree at a time: callers in this process queue behind each other, and other processes on this
 * machine are kept out by a lock file beside the directory (`DIR.lock`, holding the owner's pid and, on Linux, the
 * time that process started). A lock whose owner is no longer running is taken over, also when its pid now belongs
 * to another process (the start time differs): a run killed with SIGKILL never keeps the next one out.
 */

import { readFileSync } from 'node:fs';
import { link, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { running as processRuns } from '../files/index.js';

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
  await removeStaleStaging(lockFile);
  const mine = `${lockFile}.${process.pid}`;
  await writeFile(mine, ownerLine(process.pid));
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
      if (owner.pid === process.pid || !running(owner)) {
        await unlink(lockFile).catch(() => undefined);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`the work tree is in use by process ${owner.pid} (${lockFile})`);
      await sleep(POLL_MS);
    }
  } finally {
    await unlink(mine);
  }
}

/** Removes the lock file only while it is still ours. */
async function release(lockFile: string): Promise<void> {
  if ((await ownerOf(lockFile)).pid === process.pid) await unlink(lockFile).catch(() => undefined);
}

/**
 * The file written before it is linked as the lock (`DIR.lock.PID`) stays behind when its process is killed in
 * between: remove those whose process is gone.
 */
async function removeStaleStaging(lockFile: string): Promise<void> {
  const prefix = `${path.basename(lockFile)}.`;
  for (const name of await readdir(path.dirname(lockFile)).catch(() => [])) {
    if (!name.startsWith(prefix) || !/^\d+$/.test(name.slice(prefix.length))) continue;
    const staging = path.join(path.dirname(lockFile), name);
    // The name says whose it is: the content may not be written yet.
    const pid = Number(name.slice(prefix.length));
    const owner = await ownerOf(staging);
    if (pid !== process.pid && !running(owner.pid === pid ? owner : { pid }))
      await unlink(staging).catch(() => undefined);
  }
}

/** A process as a lock file names it: its pid, and when it started if the system says (Linux). */
interface Owner {
  pid: number;
  started?: string;
}

/** `PID START`: the start time tells this process from a later one given the same pid. */
function ownerLine(pid: number): string {
  const started = startTime(pid);
  return started === undefined ? String(pid) : `${pid} ${started}`;
}

async function ownerOf(lockFile: string): Promise<Owner> {
  const [pid, started] = (await readFile(lockFile, 'utf8').catch(() => '')).trim().split(/\s+/);
  return { pid: Number(pid), started };
}

function running({ pid, started }: Owner): boolean {
  if (!processRuns(pid)) return false;
  const now = started === undefined ? undefined : startTime(pid);
  return now === undefined || now === started;
}

/** When process `pid` started, in clock ticks since boot (field 22 of Linux's /proc/PID/stat); elsewhere undefined. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count the fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
