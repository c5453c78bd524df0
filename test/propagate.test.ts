import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runBasepin } from './support/cli.js';
import { createBareRepo, scratch } from './support/git.js';
import { pushDockerImage, pushOciIndex, repushTag } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';

/** `basepin ARGS` in `cwd`. */
const basepin = (cwd: string, ...argv: string[]) => runBasepin(cwd, argv);

describe('basepin propagate, with real git repositories and a real registry', () => {
  let registry: RunningRegistry;
  let root: Awaited<ReturnType<typeof scratch>>;
  let image: string;

  before(async () => {
    registry = await startRegistry();
    root = await scratch('basepin-propagate-');
    image = `${registry.host}/platform/base:2`;
    await pushDockerImage({ url: registry.url }, 'platform/base', '2');
  });
  after(async () => {
    await registry?.stop();
    await root?.remove();
  });

  /** A directory with a dependents file listing `entries` (YAML lines of each entry after `- `). */
  async function workspace(name: string, entries: string[]): Promise<string> {
    const dir = path.join(root.dir, name);
    const yaml = `dependents:\n${entries.map((entry) => `  - ${entry.split('\n').join('\n    ')}\n`).join('')}`;
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'basepin-dependents.yaml'), yaml);
    return dir;
  }

  test('push mode commits to the branch, pull-request mode to basepin/<image>-<tag>; idempotent; a newer digest updates the same branch', async () => {
    const before = (await repushTag({ url: registry.url }, 'platform/base', '2')).digest;
    const b = await createBareRepo(root.dir, 'one-b', {
      Dockerfile: `FROM ${image}@${before}\nRUN make\n`,
      'README.md': 'b\n',
    });
    const c = await createBareRepo(root.dir, 'one-c', {
      'app/Dockerfile': `FROM ${image}@${before} AS build\n`,
      'compose.yaml': `services:\n  web:\n    image: ${image}@${before}\n`,
    });
    const d = await createBareRepo(root.dir, 'one-d', { Dockerfile: `FROM ${registry.host}/other:1@${before}\n` });
    const dir = await workspace('one', [`repo: ${b.url}\nmode: push`, `repo: ${c.url}`, `repo: ${d.url}\nmode: push`]);
    const heads = async () =>
      Promise.all([b.head('main'), c.head('main'), c.head('basepin/platform/base-2'), d.head('main')]);
    const untouched = await heads();

    const moved = await repushTag({ url: registry.url }, 'platform/base', '2');
    const first = await basepin(
      dir,
      'propagate',
      '--image',
      image,
      '--workdir',
      'work',
      '--git-author',
      'Release Bot <bot@example.com>',
    );
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^updated +\S+one-b\.git +main +1 reference$/m);
    assert.match(first.stdout, /^updated +\S+one-c\.git +basepin\/platform\/base-2 +2 references$/m);
    assert.match(first.stdout, /^unused +\S+one-d\.git +main$/m);
    assert.match(
      first.stdout,
      new RegExp(`^${image.replace(/[.]/g, '\\.')} is ${moved.digest}: 2 updated, 1 unused$`, 'm'),
    );

    // b: one commit on main, by the configured author, saying what moved.
    const [bHead, ...bOlder] = await b.log('main');
    assert.equal(bOlder[0]!.commit, untouched[0]);
    assert.equal(bHead!.author, 'Release Bot <bot@example.com>');
    assert.equal(bHead!.subject, `Update ${image} to ${moved.digest.slice(0, 19)}`);
    assert.ok(bHead!.body.includes(`- Dockerfile:1 from ${before}`), bHead!.body);
    // ...and what changed in the image, as `basepin diff` summarizes it.
    assert.match(
      bHead!.body,
      new RegExp(`What changed since ${before.slice(0, 19)}:\\n- labels: .*\\n- layers: 0 shared .*, 1 new`),
      bHead!.body,
    );
    assert.equal(await b.read('main', 'Dockerfile'), `FROM ${image}@${moved.digest}\nRUN make\n`);
    assert.equal(await b.read('main', 'README.md'), 'b\n');

    // c: main untouched, the proposal branch is main plus one commit moving both references.
    assert.equal(await c.head('main'), untouched[1]);
    const [proposal] = await c.log('basepin/platform/base-2');
    assert.deepEqual(proposal!.parents, [untouched[1]]);
    assert.ok(
      proposal!.body.includes(`- app/Dockerfile:1 from ${before}\n- compose.yaml:3 from ${before}`),
      proposal!.body,
    );
    assert.equal(await c.read('basepin/platform/base-2', 'app/Dockerfile'), `FROM ${image}@${moved.digest} AS build\n`);
    assert.equal(
      await c.read('basepin/platform/base-2', 'compose.yaml'),
      `services:\n  web:\n    image: ${image}@${moved.digest}\n`,
    );
    // d: nothing.
    assert.equal(await d.head('main'), untouched[3]);
    assert.deepEqual(await d.branches(), ['main']);

    // Twice: nothing changes, nothing is pushed.
    const afterFirst = await heads();
    const second = await basepin(dir, 'propagate', '--image', image, '--workdir', 'work', '--json');
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(
      JSON.parse(second.stdout).results.map((result: { status: string }) => result.status),
      ['current', 'unchanged', 'unused'],
    );
    assert.deepEqual(await heads(), afterFirst);

    // Meanwhile someone commits to c's main; then the tag moves again before the pull request is merged: the same
    // branch is rebuilt on the new main, with one commit.
    const mainNow = await c.push('main', { 'NOTES.md': 'hello\n' }, 'notes');
    const newer = await repushTag({ url: registry.url }, 'platform/base', '2');
    const third = await basepin(dir, 'propagate', '--image', image, '--digest', newer.digest, '--workdir', 'work');
    assert.equal(third.code, 0, third.stderr);
    assert.deepEqual(await c.branches(), ['basepin/platform/base-2', 'main']);
    const [rebuilt] = await c.log('basepin/platform/base-2');
    assert.deepEqual(rebuilt!.parents, [mainNow]);
    assert.ok(rebuilt!.body.includes(`- compose.yaml:3 from ${before}`), rebuilt!.body);
    assert.equal(
      await c.read('basepin/platform/base-2', 'compose.yaml'),
      `services:\n  web:\n    image: ${image}@${newer.digest}\n`,
    );
    assert.equal(await c.read('basepin/platform/base-2', 'NOTES.md'), 'hello\n');
    assert.equal(await b.read('main', 'Dockerfile'), `FROM ${image}@${newer.digest}\nRUN make\n`);
  });

  test('a dependent pinned to one platform of a multi-platform image moves to that platform, not to the index', async () => {
    const multi = `${registry.host}/platform/multi:1`;
    const first = await pushOciIndex({ url: registry.url }, 'platform/multi', '1', { seed: 'multi one' });
    const arm = await createBareRepo(root.dir, 'multi-a', {
      Dockerfile: `FROM --platform=linux/arm64 ${multi}@${first.children[1]!.digest}\n`,
    });
    const dir = await workspace('multi', [`repo: ${arm.url}\nmode: push`]);
    const current = await basepin(dir, 'propagate', '--image', multi, '--workdir', 'work');
    assert.equal(current.code, 0, current.stderr);
    assert.match(current.stdout, /^current +\S+multi-a\.git +main$/m);

    const second = await pushOciIndex({ url: registry.url }, 'platform/multi', '1', { seed: 'multi two' });
    const moved = await basepin(dir, 'propagate', '--image', multi, '--workdir', 'work');
    assert.equal(moved.code, 0, moved.stderr);
    assert.equal(
      await arm.read('main', 'Dockerfile'),
      `FROM --platform=linux/arm64 ${multi}@${second.children[1]!.digest}\n`,
    );
  });

  test('a dependent that uses the image without a pin is reported unpinned, not current; nothing is pushed', async () => {
    const unpinned = await createBareRepo(root.dir, 'unpinned-u', { Dockerfile: `FROM ${image}\n` });
    const before = await unpinned.head('main');
    const dir = await workspace('unpinned', [`repo: ${unpinned.url}\nmode: push`]);
    const result = await basepin(dir, 'propagate', '--image', image, '--workdir', 'work');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^unpinned +\S+unpinned-u\.git +main$/m);
    assert.match(result.stdout, /: 1 unpinned$/m);
    assert.equal(await unpinned.head('main'), before);

    const typo = await basepin(dir, 'propagate', '--image', image, '--digest', 'sha256:abc', '--workdir', 'work');
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /--digest sha256:abc: not a digest/);
  });

  test('--digest must be what the tag points at: exit 2 and nothing pushed', async () => {
    const current = (await repushTag({ url: registry.url }, 'platform/base', '2')).digest;
    const b = await createBareRepo(root.dir, 'two-b', { Dockerfile: `FROM ${image}@sha256:${'0'.repeat(64)}\n` });
    const dir = await workspace('two', [`repo: ${b.url}\nmode: push`]);
    const head = await b.head('main');
    const wrong = `sha256:${'f'.repeat(64)}`;
    const result = await basepin(dir, 'propagate', '--image', image, '--digest', wrong, '--workdir', 'work');
    assert.equal(result.code, 2);
    assert.equal(result.stderr, `basepin: ${image} points at ${current}, not at ${wrong}\n`);
    assert.equal(await b.head('main'), head);

    const digestInImage = await basepin(dir, 'propagate', '--image', `${image}@${current}`, '--workdir', 'work');
    assert.equal(digestInImage.code, 2);
    assert.match(digestInImage.stderr, /give a name and tag/);
  });

  test('a dependent that cannot be cloned is reported, credentials redacted; the others are still updated; exit 2', async () => {
    const before = (await repushTag({ url: registry.url }, 'platform/base', '2')).digest;
    const b = await createBareRepo(root.dir, 'three-b', { Dockerfile: `FROM ${image}@${before}\n` });
    const dir = await workspace('three', [
      'repo: http://deploy:s3cr3t-t0ken@127.0.0.1:1/nowhere.git',
      `repo: ${path.join(root.dir, 'missing.git')}\nmode: push`,
      `repo: ${b.url}\nmode: push`,
      `repo: ${b.url}\nmode: push\nbranch: no-such-branch`,
    ]);
    const moved = await repushTag({ url: registry.url }, 'platform/base', '2');
    const result = await basepin(dir, 'propagate', '--image', image, '--workdir', 'work', '--concurrency', '2');
    assert.equal(result.code, 2);
    assert.equal(await b.read('main', 'Dockerfile'), `FROM ${image}@${moved.digest}\n`);
    assert.match(result.stdout, /^failed +http:\/\/\*\*\*@127\.0\.0\.1:1\/nowhere\.git$/m);
    assert.match(result.stdout, /: 1 updated, 3 failed$/m);
    assert.match(result.stderr, /^http:\/\/\*\*\*@127\.0\.0\.1:1\/nowhere\.git: error: git ls-remote failed/m);
    assert.match(
      result.stderr,
      /missing\.git: error: git ls-remote failed \(exit 128\): .*does not appear to be a git repository/,
    );
    assert.match(result.stderr, /three-b\.git: error: the remote has no branch no-such-branch$/m);
    assert.ok(!(result.stdout + result.stderr).includes('s3cr3t'), 'the token never appears');
  });

  test('only the configured paths are searched, and bad options exit 2 with a message', async () => {
    const before = (await repushTag({ url: registry.url }, 'platform/base', '2')).digest;
    const b = await createBareRepo(root.dir, 'four-b', {
      'services/api/Dockerfile': `FROM ${image}@${before}\n`,
      'legacy/Dockerfile': `FROM ${image}@${before}\n`,
    });
    const dir = await workspace('four', [`repo: ${b.url}\nmode: push\npaths: [services]`]);
    const moved = await repushTag({ url: registry.url }, 'platform/base', '2');
    const result = await basepin(dir, 'propagate', '--image', image, '--workdir', 'work');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await b.read('main', 'services/api/Dockerfile'), `FROM ${image}@${moved.digest}\n`);
    assert.equal(await b.read('main', 'legacy/Dockerfile'), `FROM ${image}@${before}\n`);

    assert.match(
      (await basepin(dir, 'propagate', '--image', image, '--git-author', 'nobody')).stderr,
      /--git-author nobody: must be "Name <email>"/,
    );
    assert.match((await basepin(dir, 'propagate', '--image', image, '--concurrency', '0')).stderr, /--concurrency 0/);
    const missing = await basepin(dir, 'propagate', '--image', image, '--dependents', 'nope.yaml');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /invalid configuration nope\.yaml/);
  });
});
