import assert from 'node:assert/strict';
import { rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import test from 'node:test';
import { discover } from '../src/files/discover.js';
import { tempDirWith } from './support/files.js';

const tree = (files: Record<string, string>) => tempDirWith('basepin-discover-', files);

const wanted = (file: string) => /(^|\/)Dockerfile[^/]*$/.test(file);

test('walks directories, honouring nested .gitignore files and skipping .git and node_modules', async (t) => {
  const root = await tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/Dockerfile': 'FROM a\n',
    '.gitignore': 'build/\n*.tmp\n',
    Dockerfile: 'FROM a\n',
    'Dockerfile.tmp': 'FROM a\n',
    'build/Dockerfile': 'FROM a\n',
    'node_modules/x/Dockerfile': 'FROM a\n',
    'svc/.gitignore': 'Dockerfile.local\n!keep.tmp\n',
    'svc/Dockerfile': 'FROM a\n',
    'svc/Dockerfile.local': 'FROM a\n',
    'svc/README.md': 'FROM a\n',
  });
  t.after(() => rm(root, { recursive: true, force: true }));
  const { files, missing } = await discover([], { cwd: root, wanted });
  assert.deepEqual(files, ['Dockerfile', 'svc/Dockerfile']);
  assert.deepEqual(missing, []);
});

test('a subdirectory scan still honours the .gitignore files above it, up to the repository root', async (t) => {
  const root = await tree({ '.git/HEAD': '', '.gitignore': 'gen/\n', 'app/Dockerfile': '', 'app/gen/Dockerfile': '' });
  t.after(() => rm(root, { recursive: true, force: true }));
  const { files } = await discover(['app'], { cwd: root, wanted });
  assert.deepEqual(files, ['app/Dockerfile']);
});

test('a file named explicitly is kept even when ignored; missing paths are reported', async (t) => {
  const root = await tree({ '.gitignore': 'Dockerfile.dev\n', 'Dockerfile.dev': '', 'notes.txt': '' });
  t.after(() => rm(root, { recursive: true, force: true }));
  const { files, missing } = await discover(['Dockerfile.dev', 'notes.txt', 'nope'], { cwd: root, wanted });
  assert.deepEqual(files, ['Dockerfile.dev', 'notes.txt']);
  assert.deepEqual(missing, [{ path: 'nope', message: 'no such file or directory' }]);
});

test('include and exclude globs; a glob without a slash matches the base name anywhere', async (t) => {
  const root = await tree({ 'a/Dockerfile': '', 'b/Dockerfile': '', 'b/Dockerfile.test': '' });
  t.after(() => rm(root, { recursive: true, force: true }));
  const only = await discover([], { cwd: root, wanted, include: ['b/**'], exclude: ['*.test'] });
  assert.deepEqual(only.files, ['b/Dockerfile']);
});

test('links to files are followed, broken links reported by reading them, links to directories not followed', async (t) => {
  const root = await tree({ '.git/HEAD': '', 'shared/Dockerfile.base': '', 'real/Dockerfile': '' });
  t.after(() => rm(root, { recursive: true, force: true }));
  await symlink('../shared/Dockerfile.base', path.join(root, 'real/Dockerfile.linked'));
  await symlink('/nonexistent', path.join(root, 'real/Containerfile'));
  await symlink('../real', path.join(root, 'shared/again'));
  const { files } = await discover([], { cwd: root, wanted });
  assert.deepEqual(files, ['real/Dockerfile', 'real/Dockerfile.linked', 'shared/Dockerfile.base']);
  const wantedToo = (file: string) => wanted(file) || file.endsWith('Containerfile');
  assert.deepEqual((await discover(['real'], { cwd: root, wanted: wantedToo })).files, [
    'real/Containerfile',
    'real/Dockerfile',
    'real/Dockerfile.linked',
  ]);
});

test('a link to a file outside the repository is not read (a repository cannot make basepin touch other files)', async (t) => {
  const root = await tree({ '.git/HEAD': '', 'app/Dockerfile': '', 'common/base.Dockerfile': '' });
  const outside = await tree({ Dockerfile: 'FROM a\n' });
  t.after(() =>
    Promise.all([rm(root, { recursive: true, force: true }), rm(outside, { recursive: true, force: true })]),
  );
  await symlink(path.join(outside, 'Dockerfile'), path.join(root, 'app/Dockerfile.outside'));
  await symlink('../common/base.Dockerfile', path.join(root, 'app/Dockerfile.common'));
  assert.deepEqual((await discover(['app'], { cwd: root, wanted })).files, ['app/Dockerfile', 'app/Dockerfile.common']);
});
