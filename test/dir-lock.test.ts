/**
 * A propagation killed with SIGKILL while it holds a work tree's lock never keeps the next run out, and leaves no lock
 * file behind once the next run is done: not the lock, not the file staged to create it, not when its pid is reused.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { withDirectoryLock } from '../src/propagate/dir-lock.js';

const DIR_LOCK = new URL('../src/propagate/dir-lock.js', import.meta.url).href;
const onLinux = process.platform === 'linux';

async function workdir(t: test.TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'basepin-dir-lock-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The lock files beside `dir`. */
const lockFiles = async (dir: string) =>
  (await readdir(path.dirname(dir))).filter((name) => name.startsWith(`${path.basename(dir)}.lock`));

test('a holder killed with SIGKILL: the next run takes the lock at once and leaves no lock file', async (t) => {
  const dir = path.join(await workdir(t), 'tree');
  const script = `import { withDirectoryLock } from ${JSON.stringify(DIR_LOCK)};
    await withDirectoryLock(${JSON.stringify(dir)}, 1000, async () => {
      console.log('held');
      await new Promise(() => setInterval(() => {}, 1000));
    });`;
  const holder = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
  assert.deepEqual(await lockFiles(dir), ['tree.lock'], 'the holder has the lock');
  await assert.rejects(
    withDirectoryLock(dir, 200, async () => undefined),
    /the work tree is in use by process/,
  );

  holder.kill('SIGKILL');
  await new Promise((resolve) => holder.once('exit', resolve));
  const started = Date.now();
  assert.equal(await withDirectoryLock(dir, 5000, async () => 'mine'), 'mine');
  assert.ok(Date.now() - started < 1000, 'taken over without waiting');
  assert.deepEqual(await lockFiles(dir), []);
});

test('the staging file a kill can leave (DIR.lock.PID) is removed when its process is gone', async (t) => {
  const dir = path.join(await workdir(t), 'tree');
  await writeFile(`${dir}.lock.999999999`, '999999999');
  await writeFile(`${dir}.lock.${process.ppid}`, String(process.ppid)); // a live process: may be about to link it
  await withDirectoryLock(dir, 1000, async () => undefined);
  assert.deepEqual(await lockFiles(dir), [`tree.lock.${process.ppid}`]);
});

const reused = 'a lock whose pid now belongs to another process (its start time differs) is taken over';
test(reused, { skip: !onLinux && 'needs /proc' }, async (t) => {
  const dir = path.join(await workdir(t), 'tree');
  const stat = await readFile(`/proc/${process.ppid}/stat`, 'utf8');
  const parentStarted = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  await writeFile(`${dir}.lock`, `${process.ppid} ${parentStarted}`);
  await assert.rejects(
    withDirectoryLock(dir, 200, async () => undefined),
    new RegExp(`in use by process ${process.ppid}`),
  );
  await writeFile(`${dir}.lock`, `${process.ppid} ${Number(parentStarted) + 1}`);
  assert.equal(await withDirectoryLock(dir, 200, async () => 'mine'), 'mine');
  assert.deepEqual(await lockFiles(dir), []);
});
