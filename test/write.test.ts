import assert from 'node:assert/strict';
import { chmod, chown, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { writeFileAtomic } from '../src/files/write.js';

async function directory(t: test.TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'basepin-write-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('replaces the content, keeps the mode, leaves no temporary file', async (t) => {
  const dir = await directory(t);
  const file = path.join(dir, 'Dockerfile');
  await writeFile(file, 'FROM a\n');
  await chmod(file, 0o751);
  await writeFileAtomic(file, 'FROM a:latest@sha256:1\r\n');
  assert.equal(await readFile(file, 'utf8'), 'FROM a:latest@sha256:1\r\n');
  assert.equal((await stat(file)).mode & 0o7777, 0o751);
  assert.deepEqual(await readdir(dir), ['Dockerfile']);
});

test('a symbolic link stays a link and its target is rewritten', async (t) => {
  const dir = await directory(t);
  await writeFile(path.join(dir, 'base.Dockerfile'), 'FROM a\n');
  await symlink('base.Dockerfile', path.join(dir, 'Dockerfile'));
  await writeFileAtomic(path.join(dir, 'Dockerfile'), 'FROM b\n');
  assert.ok((await lstat(path.join(dir, 'Dockerfile'))).isSymbolicLink());
  assert.equal(await readFile(path.join(dir, 'base.Dockerfile'), 'utf8'), 'FROM b\n');
});

test('the owner is kept when root rewrites another user’s file', {
  skip: process.getuid?.() !== 0 && 'needs root',
}, async (t) => {
  const dir = await directory(t);
  const file = path.join(dir, 'Dockerfile');
  await writeFile(file, 'FROM a\n');
  await chown(file, 65534, 65534);
  await writeFileAtomic(file, 'FROM b\n');
  const { uid, gid } = await stat(file);
  assert.deepEqual([uid, gid], [65534, 65534]);
});

test('an unwritable directory leaves the file untouched and says why', async (t) => {
  const dir = await directory(t);
  const file = path.join(dir, 'missing', 'Dockerfile');
  await assert.rejects(writeFileAtomic(file, 'x'), /ENOENT/);
});
