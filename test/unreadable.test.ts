/**
 * A directory basepin cannot list, or a .gitignore it cannot read, is reported (exit 2), never skipped in silence: it
 * may hold the one unpinned Dockerfile. Root can list a mode-000 directory, so as root the run happens with the
 * effective user and group `nobody` (65534), the way any user meets such a directory.
 */

import assert from 'node:assert/strict';
import { chmod, rm } from 'node:fs/promises';
import path from 'node:path';
import test from 'node:test';
import { discover } from '../src/files/discover.js';
import { runBasepin } from './support/cli.js';
import { tempDirWith } from './support/files.js';

const NOBODY = 65534;

/** Runs `fn` as an unprivileged user: as is when not root, else with effective ids `nobody` for its duration. */
async function unprivileged<T>(fn: () => Promise<T>): Promise<T> {
  if (process.geteuid?.() !== 0) return fn();
  process.setegid!(NOBODY);
  process.seteuid!(NOBODY);
  try {
    return await fn();
  } finally {
    process.seteuid!(0);
    process.setegid!(0);
  }
}

async function tree(t: test.TestContext, files: Record<string, string>): Promise<string> {
  const dir = await tempDirWith('basepin-unreadable-', files);
  await chmod(dir, 0o755); // mkdtemp makes it the creator's only
  t.after(async () => {
    await chmod(path.join(dir, 'secret'), 0o755).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  return dir;
}

const FILES = {
  Dockerfile: 'FROM scratch\n',
  'secret/Dockerfile': 'FROM alpine\n',
  'open/Dockerfile': 'FROM scratch\n',
};

test('a directory that cannot be listed is reported with the reason, and the rest is still searched', async (t) => {
  const dir = await tree(t, FILES);
  await chmod(path.join(dir, 'secret'), 0o000);
  const found = await unprivileged(() => discover([], { cwd: dir, wanted: (file) => file.endsWith('Dockerfile') }));
  assert.deepEqual(found.files, ['Dockerfile', 'open/Dockerfile']);
  assert.deepEqual(found.missing, [
    { path: 'secret', message: 'cannot list this directory: EACCES: permission denied' },
  ]);
});

test('check exits 2 and names the directory it could not search (it used to pass with "errors": [])', async (t) => {
  const dir = await tree(t, FILES);
  await chmod(path.join(dir, 'secret'), 0o000);
  const result = await unprivileged(() => runBasepin<{ errors: unknown[] }>(dir, ['check', '--json']));
  assert.equal(result.code, 2, result.stderr);
  const message = 'cannot list this directory: EACCES: permission denied';
  assert.deepEqual(result.json().errors, [{ file: 'secret', line: 0, column: 0, message }]);
  const human = await unprivileged(() => runBasepin(dir, ['ls']));
  assert.equal(human.code, 2);
  assert.match(human.stderr, /^secret: error: cannot list this directory: EACCES: permission denied$/m);
});

test('a .gitignore that cannot be read is reported: its rules would be missed', async (t) => {
  const dir = await tree(t, { '.gitignore': 'build/\n', Dockerfile: 'FROM scratch\n' });
  await chmod(path.join(dir, '.gitignore'), 0o000);
  const found = await unprivileged(() => discover([], { cwd: dir, wanted: (file) => file.endsWith('Dockerfile') }));
  assert.deepEqual(found.missing, [{ path: '.gitignore', message: 'cannot read: EACCES: permission denied' }]);
});
