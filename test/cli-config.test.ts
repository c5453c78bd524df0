import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import test from 'node:test';
import { runBasepin } from './support/cli.js';
import { tempDirWith } from './support/files.js';

interface Listing {
  references: { file: string; image: string; status: string; message: string | null }[];
}

test('each path reads its nearest .basepin.yaml (globs relative to it); --config overrides', async (t) => {
  const dir = await tempDirWith('basepin-config-paths-', {
    'app1/.basepin.yaml': 'ignore: ["alpine:*"]\nexclude: ["testdata/**"]\n',
    'app1/Dockerfile': 'FROM alpine:3\nFROM busybox:1\n',
    'app1/testdata/Dockerfile': 'FROM Invalid:1\n',
    'app1/sub/Dockerfile': 'FROM alpine:3.19\n',
    'app2/Dockerfile': 'FROM alpine:3\n',
    'other.yaml': 'ignore: ["busybox:*"]\nexclude: ["app1/testdata/**"]\n',
  });
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, '.git'));
  const list = async (cwd: string, ...argv: string[]) => {
    const run = await runBasepin(cwd, ['ls', '--json', ...argv]);
    assert.equal(run.code, 0, run.stderr);
    return (JSON.parse(run.stdout) as Listing).references.map((ref) => `${ref.file} ${ref.image} ${ref.status}`);
  };

  const expected = [
    'app1/Dockerfile alpine:3 skipped',
    'app1/Dockerfile busybox:1 unpinned',
    'app1/sub/Dockerfile alpine:3.19 skipped',
    'app2/Dockerfile alpine:3 unpinned',
  ];
  assert.deepEqual(
    await list(dir, 'app1', 'app2'),
    expected,
    'app1 has its configuration, app2 none; testdata excluded',
  );
  assert.deepEqual(await list(path.join(dir, 'app1', 'sub')), ['Dockerfile alpine:3.19 skipped'], 'found in a parent');
  assert.deepEqual(await list(path.join(dir, 'app1'), 'Dockerfile'), [
    'Dockerfile alpine:3 skipped',
    'Dockerfile busybox:1 unpinned',
  ]);
  assert.deepEqual(
    await list(dir, 'app1', '--config', 'other.yaml'),
    [
      'app1/Dockerfile alpine:3 unpinned',
      'app1/Dockerfile busybox:1 skipped',
      'app1/sub/Dockerfile alpine:3.19 unpinned',
    ].concat([]),
    '--config for every path, its globs relative to the working directory',
  );
});
