/**
 * basepin's temporary files: `.NAME.basepin-PID-RANDOM` beside the file NAME being replaced, renamed over it once
 * complete. A process killed in between (SIGKILL, a power cut) leaves one behind; the next run that writes removes
 * those whose writer is gone.
 */

import { randomBytes } from 'node:crypto';
import { lstat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { defaults } from '../defaults.js';

// Earlier versions named them `.NAME.basepin-RANDOM`, without the writer's pid.
const TEMPORARY = /^\..+\.basepin-(?:(\d+)-)?[0-9a-f]{12}$/;

/** A new temporary name for replacing `file`, in the same directory (a rename never crosses file systems). */
export function temporaryFor(file: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.basepin-${process.pid}-${randomBytes(6).toString('hex')}`,
  );
}

/** Whether `name` (a base name) is one of basepin's temporary files. */
export function isTemporaryName(name: string): boolean {
  return TEMPORARY.test(name);
}

/**
 * Removes each of `files` (basepin's temporary files) that no running writer owns: its pid is not a live process of
 * this machine, or it is older than any write takes (a pid may have been reused). Only regular files; errors (a
 * read-only tree, a file already gone) leave the file where it is. Returns the files removed.
 */
export async function removeLeftovers(files: readonly string[], now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const file of files) {
    const pid = TEMPORARY.exec(path.basename(file))?.[1];
    const info = await lstat(file).catch(() => undefined);
    if (info === undefined || !info.isFile()) continue;
    const old = now - info.mtimeMs > defaults.staleTemporaryMs;
    if (old || (pid !== undefined && Number(pid) !== process.pid && !running(Number(pid)))) {
      if (
        await unlink(file).then(
          () => true,
          () => false,
        )
      )
        removed.push(file);
    }
  }
  return removed;
}

/** Whether a process with this pid runs on this machine (EPERM: it does, as another user). */
export function running(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
