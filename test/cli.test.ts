import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runBasepin } from './support/cli.js';
import { tempDirWith } from './support/files.js';
import {
  pushDockerImage,
  pushDockerManifestList,
  pushOciImage,
  pushOciIndex,
  repushTag,
  type Pushed,
} from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { skopeoDigest } from './support/skopeo.js';

interface CliJson {
  references: Record<string, unknown>[];
  errors: unknown[];
}

/** Run the CLI in process; output is captured. */
const basepin = (cwd: string, ...argv: string[]) => runBasepin<CliJson>(cwd, argv);

const read = (dir: string, file: string) => readFile(path.join(dir, file), 'utf8');

describe('basepin against a real registry', () => {
  let registry: RunningRegistry;
  let host: string;
  const images: Record<string, Pushed> = {};
  const dirs: string[] = [];
  const tempProject = async (files: Record<string, string>) => {
    const dir = await tempDirWith('basepin-cli-', files);
    dirs.push(dir);
    return dir;
  };

  before(async () => {
    registry = await startRegistry();
    host = registry.host;
    const target = { url: registry.url };
    images.base = await pushDockerImage(target, 'base', '1');
    images.oci = await pushOciImage(target, 'team/oci', '2');
    images.index = await pushOciIndex(target, 'multi', '3');
    images.list = await pushDockerManifestList(target, 'list', '4');
    images.latest = await pushDockerImage(target, 'plain', 'latest');
    images.nginx = await pushDockerImage(target, 'library/nginx', '1.25');
    images.moving = await pushDockerImage(target, 'moving', 'v1');
    images.frontend = await pushDockerImage(target, 'frontend', '1');
  });
  after(async () => {
    await registry?.stop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  test('pin writes the exact digests, byte for byte, and they agree with skopeo', async () => {
    const dockerfile = [
      `# syntax=${host}/frontend:1`,
      `ARG BASE=${host}/base:1`,
      `FROM \${BASE} AS build`,
      `COPY --from=${host}/team/oci:2 /a /a`,
      'FROM build AS test',
      `FROM --platform=$BUILDPLATFORM ${host}/multi:3\r`,
      `RUN --mount=type=bind,from=${host}/list:4,target=/x true`,
      `FROM ${host}/plain`,
      '',
    ].join('\n');
    const dir = await tempProject({ 'app/Dockerfile': dockerfile });
    await chmod(path.join(dir, 'app/Dockerfile'), 0o640);

    const result = await basepin(dir, 'pin', '--json', '--image', `${host}/base`);
    assert.equal(result.code, 0, result.stderr);
    const only = result.json().references;
    assert.deepEqual(
      only.map((ref) => [ref.image, ref.status, ref.changed]),
      [[`${host}/base:1`, 'unpinned', true]],
    );
    assert.deepEqual(only[0], {
      file: 'app/Dockerfile',
      line: 2,
      column: 10,
      kind: 'dockerfile',
      image: `${host}/base:1`,
      name: `${host}/base`,
      tag: '1',
      digest: null,
      current: images.base!.digest,
      status: 'unpinned',
      message: null,
      reason: null,
      changed: true,
    });

    const all = await basepin(dir, 'pin');
    assert.equal(all.code, 0, all.stderr);
    const expected = dockerfile
      .replace(`${host}/base:1`, `${host}/base:1@${images.base!.digest}`)
      .replace(`${host}/team/oci:2`, `${host}/team/oci:2@${images.oci!.digest}`)
      .replace(`${host}/multi:3`, `${host}/multi:3@${images.index!.digest}`)
      .replace(`${host}/list:4`, `${host}/list:4@${images.list!.digest}`)
      .replace(`FROM ${host}/plain`, `FROM ${host}/plain:latest@${images.latest!.digest}`)
      .replace(`${host}/frontend:1`, `${host}/frontend:1@${images.frontend!.digest}`);
    assert.equal(await read(dir, 'app/Dockerfile'), expected);
    assert.equal((await stat(path.join(dir, 'app/Dockerfile'))).mode & 0o777, 0o640, 'file mode kept');

    // Independent oracle: skopeo reads the same digests from the registry, and the multi-platform tags are pinned
    // to their index (not to a platform's manifest).
    assert.equal(await skopeoDigest(`${host}/multi:3`), images.index!.digest);
    assert.equal(await skopeoDigest(`${host}/list:4`), images.list!.digest);
    assert.notEqual(images.list!.digest, images.list!.children[0]!.digest);
    assert.equal(await skopeoDigest(`${host}/base:1`), images.base!.digest);

    const check = await basepin(dir, 'check');
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /6 references: 6 pinned/);
  });

  test('check fails on unpinned references and writes nothing; --dry-run prints a diff and writes nothing', async () => {
    const text = `FROM ${host}/base:1\n`;
    const dir = await tempProject({ Dockerfile: text });
    const check = await basepin(dir, 'check', '--json');
    assert.equal(check.code, 1);
    assert.deepEqual(
      check.json().references.map((ref) => [ref.status, ref.current]),
      [['unpinned', images.base!.digest]],
    );

    const dry = await basepin(dir, 'pin', '--dry-run');
    assert.equal(dry.code, 0);
    assert.ok(dry.stdout.includes(`-FROM ${host}/base:1\n+FROM ${host}/base:1@${images.base!.digest}\n`), dry.stdout);
    assert.match(dry.stdout, /--- a\/Dockerfile/);
    assert.equal(await read(dir, 'Dockerfile'), text);
  });

  test('a re-pushed tag makes the pin stale; update moves it forward and keeps the tag', async () => {
    const first = images.moving!.digest;
    const dir = await tempProject({ Dockerfile: `FROM ${host}/moving:v1@${first} AS app\nRUN make\n` });
    assert.equal((await basepin(dir, 'check')).code, 0);

    const moved = await repushTag({ url: registry.url }, 'moving', 'v1');
    const stale = await basepin(dir, 'check', '--json');
    assert.equal(stale.code, 1);
    assert.deepEqual(
      stale.json().references.map((ref) => [ref.status, ref.digest, ref.current]),
      [['stale', first, moved.digest]],
    );

    const preview = await basepin(dir, 'update', '--dry-run');
    assert.equal(preview.code, 0);
    assert.equal(await read(dir, 'Dockerfile'), `FROM ${host}/moving:v1@${first} AS app\nRUN make\n`);

    const update = await basepin(dir, 'update');
    assert.equal(update.code, 0, update.stderr);
    assert.match(update.stdout, /^updated\s/m);
    // what changed between the two digests, as `basepin diff` summarizes it
    assert.ok(
      update.stdout.includes(`\n${host}/moving:v1: ${first.slice(0, 19)} -> ${moved.digest.slice(0, 19)}\n`),
      update.stdout,
    );
    assert.match(update.stdout, /^- layers: 0 shared \(0 B\), 1 new .*, 1 removed/m);
    assert.equal(await read(dir, 'Dockerfile'), `FROM ${host}/moving:v1@${moved.digest} AS app\nRUN make\n`);
    assert.equal(await skopeoDigest(`${host}/moving:v1`), moved.digest);
    assert.equal((await basepin(dir, 'check')).code, 0);
  });

  test('invalid, unknown and unreachable references: exit 2, clear messages, every other reference still pinned', async () => {
    const text = [
      'FROM Alpine:3 AS bad',
      `FROM ${host}/base:9 AS unknown`,
      'FROM 127.0.0.1:1/nothing:1 AS unreachable',
      `FROM ${host}/base:1`,
      '',
    ].join('\n');
    const dir = await tempProject({ Dockerfile: text });
    const result = await basepin(dir, 'pin');
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^Dockerfile:1:6: error: invalid reference format: repository name .*must be lowercase/m,
    );
    assert.match(result.stderr, /^Dockerfile:2:6: error: .*not found.*404/m);
    assert.match(result.stderr, /^Dockerfile:3:6: error: cannot reach registry 127\.0\.0\.1:1/m);
    assert.equal(
      await read(dir, 'Dockerfile'),
      text.replace(`${host}/base:1\n`, `${host}/base:1@${images.base!.digest}\n`),
    );

    const check = await basepin(dir, 'check', '--json');
    assert.equal(check.code, 2);
    assert.deepEqual(
      check.json().references.map((ref) => ref.status),
      ['error', 'error', 'error', 'pinned'],
    );
  });

  test('a mirror resolves docker.io references while the files keep their names', async () => {
    const dir = await tempProject({
      '.basepin.yaml': `registries:\n  docker.io:\n    mirror: ${registry.url}\n`,
      Containerfile: 'FROM nginx:1.25\nFROM docker.io/library/nginx:1.25 AS two\n',
    });
    const result = await basepin(dir, 'pin', '--json');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      result.json().references.map((ref) => ref.name),
      ['docker.io/library/nginx', 'docker.io/library/nginx'],
    );
    assert.equal(
      await read(dir, 'Containerfile'),
      `FROM nginx:1.25@${images.nginx!.digest}\nFROM docker.io/library/nginx:1.25@${images.nginx!.digest} AS two\n`,
    );
  });

  test('skipped references are listed with their reason and fail the check only with --strict', async () => {
    const dir = await tempProject({
      Dockerfile: `ARG REG\nFROM \${REG}/app:1\n# basepin: ignore\nFROM ${host}/base:1\n`,
    });
    const check = await basepin(dir, 'check', '--json');
    assert.equal(check.code, 0, check.stdout);
    const statuses = check.json().references.map((ref) => [ref.status, ref.message]);
    assert.equal(statuses.length, 2);
    assert.deepEqual(statuses[1], ['skipped', 'ignored']);
    assert.equal(statuses[0]![0], 'skipped');
    assert.equal((await basepin(dir, 'check', '--strict')).code, 1);
  });

  test('ls lists references without asking any registry', async () => {
    const dir = await tempProject({ 'x.Dockerfile': 'FROM 127.0.0.1:1/never:1\nFROM scratch\n' });
    const result = await basepin(dir, 'ls', '--json');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      result.json().references.map((ref) => [ref.image, ref.status]),
      [['127.0.0.1:1/never:1', 'unpinned']],
    );
  });

  test('bad configuration, a missing path and an invalid --image exit 2 with a clear message', async () => {
    const dir = await tempProject({
      '.basepin.yaml': 'registries:\n  docker.io: { mirror: 5 }\n',
      Dockerfile: 'FROM a\n',
    });
    const config = await basepin(dir, 'check');
    assert.equal(config.code, 2);
    assert.match(config.stderr, /registries\.docker\.io\.mirror: must be an http/);

    const clean = await tempProject({ Dockerfile: 'FROM a\n' });
    const missing = await basepin(clean, 'ls', 'nope');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^nope: error: no such file or directory/m);
    const image = await basepin(clean, 'ls', '--image', 'Bad:Name');
    assert.equal(image.code, 2);
    assert.match(image.stderr, /--image/);
  });

  test('the installed binary runs and exits with the command status', async () => {
    const dir = await tempProject({ Dockerfile: `FROM ${host}/base:1\n` });
    const bin = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
    const failure = await promisify(execFile)(process.execPath, [bin, 'check', '--json'], { cwd: dir }).catch(
      (error) => error,
    );
    assert.equal(failure.code, 1);
    assert.equal(JSON.parse(failure.stdout).references[0].status, 'unpinned');
  });
});
