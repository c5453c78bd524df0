/**
 * Wrong pins basepin must never write (issue 9), against a real registry: digest-only references, pins to one
 * platform's image of a multi-platform tag, named build contexts in `COPY --from`, ARGs made from BuildKit's platform
 * ARGs, and lower-case `dockerfile` files. skopeo is the independent oracle for what the registry holds.
 */

import assert from 'node:assert/strict';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runBasepin } from './support/cli.js';
import { tempDirWith } from './support/files.js';
import { AMD64, buildIndex } from './support/image.js';
import { pushBuilt, pushDockerImage, pushDockerManifestList, pushOciIndex } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { skopeoDigest } from './support/skopeo.js';
import { skopeoRaw } from './support/skopeo-raw.js';

interface CliJson {
  references: Array<{
    image: string;
    status: string;
    digest: string | null;
    current: string | null;
    message: string | null;
    changed: boolean;
  }>;
  errors: unknown[];
}

const basepin = (cwd: string, ...argv: string[]) => runBasepin<CliJson>(cwd, argv);
const read = (dir: string, file: string) => readFile(path.join(dir, file), 'utf8');
const UNKNOWN = `sha256:${'e'.repeat(64)}`;

/** The digest skopeo reads for `platform` in the index that `image` points at. */
async function childOf(image: string, architecture: string): Promise<string> {
  const index = JSON.parse((await skopeoRaw(image)).toString('utf8')) as {
    manifests: Array<{ digest: string; platform: { architecture: string } }>;
  };
  const child = index.manifests.find((one) => one.platform.architecture === architecture);
  assert.ok(child, `${image} has a ${architecture} image`);
  return child.digest;
}

describe('wrong pins against a real registry', () => {
  let registry: RunningRegistry;
  let host: string;
  const dirs: string[] = [];
  const project = async (files: Record<string, string>) => {
    const dir = await tempDirWith('basepin-wrong-pins-', files);
    dirs.push(dir);
    return dir;
  };

  before(async () => {
    registry = await startRegistry();
    host = registry.host;
  });
  after(async () => {
    await registry?.stop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  test('a digest-only reference is never looked up, never stale, never moved, whatever else the run holds', async () => {
    const target = { url: registry.url };
    const old = await pushDockerImage(target, 'busybox', 'latest', { seed: 'busybox old' });
    const now = await pushDockerImage(target, 'busybox', 'latest', { seed: 'busybox new' });
    assert.equal(await skopeoDigest(`${host}/busybox:latest`), now.digest);
    const text = `FROM ${host}/busybox@${old.digest}\nFROM ${host}/busybox AS b\nFROM ${host}/busybox:latest@${old.digest}\n`;
    const dir = await project({ Dockerfile: text });

    const check = await basepin(dir, 'check', '--json');
    assert.equal(check.code, 1, check.stderr);
    assert.deepEqual(
      check.json().references.map((ref) => [ref.status, ref.current]),
      [
        ['pinned', null],
        ['unpinned', now.digest],
        ['stale', now.digest],
      ],
    );

    const update = await basepin(dir, 'update', '--json');
    assert.equal(update.code, 0, update.stderr);
    assert.deepEqual(
      update.json().references.map((ref) => [ref.status, ref.changed]),
      [
        ['pinned', false],
        ['unpinned', false],
        ['stale', true],
      ],
    );
    const pin = await basepin(dir, 'pin');
    assert.equal(pin.code, 0, pin.stderr);
    assert.equal(
      await read(dir, 'Dockerfile'),
      `FROM ${host}/busybox@${old.digest}\nFROM ${host}/busybox:latest@${now.digest} AS b\nFROM ${host}/busybox:latest@${now.digest}\n`,
    );
  });

  test('a pin to one platform of a multi-platform tag is current; when the tag moves, update keeps the platform', async () => {
    const target = { url: registry.url };
    const first = await pushOciIndex(target, 'multi', '3', { seed: 'multi first' });
    const arm64 = await childOf(`${host}/multi:3`, 'arm64');
    assert.equal(arm64, first.children[1]!.digest);
    const text = `FROM --platform=linux/arm64 ${host}/multi:3@${arm64}\nFROM ${host}/multi:3@${first.digest}\n`;
    const dir = await project({ Dockerfile: text });

    const current = await basepin(dir, 'check', '--json');
    assert.equal(current.code, 0, current.stdout + current.stderr);
    assert.deepEqual(
      current.json().references.map((ref) => [ref.status, ref.current]),
      [
        ['pinned', arm64],
        ['pinned', first.digest],
      ],
    );
    assert.equal((await basepin(dir, 'update')).code, 0);
    assert.equal(await read(dir, 'Dockerfile'), text, 'a current platform pin is not turned into an index pin');
    // One HEAD for the tag, and the index read once (by its digest) because one pin differs from it.
    const requests = (await basepin(dir, 'check', '-v')).stderr.match(/(?<=^basepin: )(HEAD|GET) \S+/gm) ?? [];
    assert.deepEqual(requests, [
      `HEAD ${registry.url}/v2/multi/manifests/3`,
      `GET ${registry.url}/v2/multi/manifests/${first.digest}`,
    ]);
    const indexOnly = await project({ Dockerfile: `FROM ${host}/multi:3@${first.digest}\n` });
    const one = (await basepin(indexOnly, 'check', '-v')).stderr.match(/(?<=^basepin: )(HEAD|GET) \S+/gm);
    assert.deepEqual(
      one,
      [`HEAD ${registry.url}/v2/multi/manifests/3`],
      'a pin equal to the tag costs the lookup only',
    );

    const second = await pushOciIndex(target, 'multi', '3', { seed: 'multi second' });
    assert.equal(await skopeoDigest(`${host}/multi:3`), second.digest);
    const arm64Now = await childOf(`${host}/multi:3`, 'arm64');
    const stale = await basepin(dir, 'check', '--json');
    assert.equal(stale.code, 1);
    const [platformPin, indexPin] = stale.json().references;
    assert.deepEqual([platformPin!.status, platformPin!.current], ['stale', arm64Now]);
    assert.match(platformPin!.message ?? '', /linux\/arm64(\/v8)? image/);
    assert.deepEqual([indexPin!.status, indexPin!.current], ['stale', second.digest]);

    const update = await basepin(dir, 'update');
    assert.equal(update.code, 0, update.stderr);
    assert.match(update.stdout, /linux\/arm64(\/v8)? image/, 'update says the pin stays on its platform');
    assert.equal(
      await read(dir, 'Dockerfile'),
      `FROM --platform=linux/arm64 ${host}/multi:3@${arm64Now}\nFROM ${host}/multi:3@${second.digest}\n`,
    );
  });

  test('a Docker manifest list: the same rule', async () => {
    const target = { url: registry.url };
    const first = await pushDockerManifestList(target, 'list', '1', { seed: 'list first' });
    const amd64 = first.children[0]!.digest;
    const dir = await project({ 'app.Dockerfile': `FROM ${host}/list:1@${amd64}\n` });
    assert.equal((await basepin(dir, 'check')).code, 0);
    await pushDockerManifestList(target, 'list', '1', { seed: 'list second' });
    assert.equal((await basepin(dir, 'update')).code, 0);
    assert.equal(
      await read(dir, 'app.Dockerfile'),
      `FROM ${host}/list:1@${await childOf(`${host}/list:1`, 'amd64')}\n`,
    );
  });

  test('a platform pin that cannot be moved to its platform is an error, never an index pin', async () => {
    const target = { url: registry.url };
    const first = await pushOciIndex(target, 'gone', '1', { seed: 'gone first' });
    const arm64 = first.children[1]!.digest;
    await pushBuilt(target, 'gone', '1', buildIndex('oci', [AMD64], { seed: 'gone amd64 only' }));
    await pushOciIndex(target, 'unread', '1', { seed: 'unread' });
    const text = `FROM ${host}/gone:1@${arm64}\nFROM ${host}/unread:1@${UNKNOWN}\n`;
    const dir = await project({ Dockerfile: text });

    const update = await basepin(dir, 'update', '--json');
    assert.equal(update.code, 2);
    const [gone, unread] = update.json().references;
    assert.equal(gone!.status, 'error');
    assert.match(gone!.message ?? '', /has no linux\/arm64(\/v8)? image .*it has: linux\/amd64/);
    assert.equal(unread!.status, 'error');
    assert.match(unread!.message ?? '', /cannot read it to tell its platform/);
    assert.equal(await read(dir, 'Dockerfile'), text, 'nothing written');
  });

  test('named build contexts are not images: skipped with the reason, whatever defines them', async () => {
    const target = { url: registry.url };
    const base = await pushDockerImage(target, 'library/tools', '1', { seed: 'tools' });
    assert.equal(await skopeoDigest(`${host}/library/tools:1`), base.digest);
    const dockerfile = [
      `FROM ${host}/library/tools:1 AS build`,
      'COPY --from=binary_dir /bin/app /app',
      'RUN --mount=type=bind,from=src,target=/src make',
      'FROM base',
      'COPY --from=assets /a /a',
      'FROM composed',
      'FROM actioned',
      'FROM flagged',
      'FROM made',
      'FROM scripted',
      `COPY --from=${host}/library/tools:1 /t /t`,
      '',
    ].join('\n');
    const dir = await project({
      'app/Dockerfile': dockerfile,
      Makefile: 'image:\n\tdocker buildx build --build-context made=./m -f app/Dockerfile .\n',
      'scripts/build.sh': '#!/bin/sh\nexec docker buildx build --build-context "scripted=docker-image://x:1" app\n',
      'docker-bake.hcl':
        'target "app" {\n  dockerfile = "app/Dockerfile"\n  contexts = {\n    base = "target:base"\n    "assets" = "./assets"\n  }\n}\n',
      'compose.yaml':
        'services:\n  app:\n    build:\n      context: app\n      additional_contexts:\n        - composed=./c\n',
      '.github/workflows/build.yml':
        'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n' +
        '        with:\n          build-contexts: |\n            actioned=./d\n      - run: docker buildx build --build-context=flagged=./f .\n',
    });
    const check = await basepin(dir, 'check', '--json');
    assert.equal(check.code, 1, check.stderr);
    const statuses = check
      .json()
      .references.filter((ref) => ref.image !== `${host}/library/tools:1` || ref.status !== 'unpinned');
    assert.deepEqual(
      statuses.map((ref) => [ref.image, ref.status]),
      [
        ['binary_dir', 'skipped'],
        ['src', 'skipped'],
        ['base', 'skipped'],
        ['assets', 'skipped'],
        ['composed', 'skipped'],
        ['actioned', 'skipped'],
        ['flagged', 'skipped'],
        ['made', 'skipped'],
        ['scripted', 'skipped'],
      ],
    );
    assert.match(statuses[2]!.message ?? '', /"base" is a named build context/);
    assert.match(statuses[0]!.message ?? '', /named build context/);

    // Named alone, the Dockerfile still sees the contexts its repository defines.
    await mkdir(path.join(dir, '.git'));
    const alone = await basepin(path.join(dir, 'app'), 'check', '--json', 'Dockerfile');
    assert.deepEqual(
      alone
        .json()
        .references.filter((ref) => ref.status === 'skipped')
        .map((ref) => ref.image),
      ['binary_dir', 'src', 'base', 'assets', 'composed', 'actioned', 'flagged', 'made', 'scripted'],
    );

    const pin = await basepin(dir, 'pin');
    assert.equal(pin.code, 0, pin.stderr);
    const pinned = `${host}/library/tools:1@${base.digest}`;
    assert.equal(await read(dir, 'app/Dockerfile'), dockerfile.replaceAll(`${host}/library/tools:1`, pinned));
  });

  test('an ARG made from a BuildKit platform ARG is skipped with its name, never an empty tag', async () => {
    const target = { url: registry.url };
    const base = await pushDockerImage(target, 'alpine', '3', { seed: 'alpine' });
    const text =
      'ARG ARCH=${TARGETARCH}\nARG OS=${TARGETOS:-linux}\nARG SUFFIX=${ARCH:+-$ARCH}\n' +
      `FROM ${host}/alpine:\${ARCH}\nFROM ${host}/alpine:3\${SUFFIX}\nFROM ${host}/alpine:3 AS ok\n`;
    const dir = await project({ Dockerfile: text });
    const check = await basepin(dir, 'check', '--json');
    assert.equal(check.code, 1, check.stderr);
    const references = check.json().references;
    assert.deepEqual(
      references.map((ref) => ref.status),
      ['skipped', 'skipped', 'unpinned'],
    );
    assert.match(references[0]!.message ?? '', /ARG ARCH depends on TARGETARCH/);
    assert.match(references[1]!.message ?? '', /ARG SUFFIX depends on ARCH: ARG ARCH depends on TARGETARCH/);
    const pin = await basepin(dir, 'pin');
    assert.equal(pin.code, 0, pin.stderr);
    assert.equal(
      await read(dir, 'Dockerfile'),
      text.replace(`${host}/alpine:3 AS ok`, `${host}/alpine:3@${base.digest} AS ok`),
    );
  });

  test('a lower-case dockerfile and containerfile are read, found or named; dockerfile.py is not', async () => {
    const target = { url: registry.url };
    const base = await pushDockerImage(target, 'lower', '1', { seed: 'lower' });
    const from = `FROM ${host}/lower:1\n`;
    const pinned = `FROM ${host}/lower:1@${base.digest}\n`;
    const dir = await project({
      'a/dockerfile': from,
      'b/containerfile': from,
      'c/dockerfile.prod': from,
      'tools/dockerfile.py': 'from os import path\n',
    });
    const found = await basepin(dir, 'pin');
    assert.equal(found.code, 0, found.stdout + found.stderr);
    assert.equal(await read(dir, 'a/dockerfile'), pinned);
    assert.equal(await read(dir, 'b/containerfile'), pinned);
    assert.equal(await read(dir, 'c/dockerfile.prod'), from, 'lower-case dockerfile.* is read only when named');
    const named = await basepin(dir, 'pin', 'c/dockerfile.prod');
    assert.equal(named.code, 0, named.stderr);
    assert.equal(await read(dir, 'c/dockerfile.prod'), pinned);
    const check = await basepin(path.join(dir, 'a'), 'check', 'dockerfile');
    assert.equal(check.code, 0, check.stderr);
  });
});
