/** Files on disk for tests: write a set of them, or make a temporary directory holding them. */

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Writes each of `files` (path relative to `dir` -> text) under `dir`, creating the folders it needs. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
}

/** A new temporary directory, named `prefix` and a random suffix, holding `files`. */
export async function tempDirWith(prefix: string, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await writeFiles(dir, files);
  return dir;
}
