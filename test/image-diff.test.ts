import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ImageDiff } from '../src/image/index.js';
import { runBasepin } from './support/cli.js';
import { ARM64, buildIndexOf } from './support/image.js';
import { buildLayeredImage, type LayeredImage, type Step } from './support/layered-image.js';
import { pushBuilt } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { skopeoInspect } from './support/skopeo-inspect.js';

type DiffJson = ImageDiff & { from: { reference: string }; to: { reference: string } };

const basepin = (cwd: string, ...argv: string[]) => runBasepin<DiffJson>(cwd, argv);

const ROOTFS: Step = {
  createdBy: '/bin/sh -c #(nop) ADD file:rootfs in / ',
  created: '2024-02-01T00:00:00Z',
  files: { 'etc/os-release': 'ID=test\n' },
};
const CMD: Step = { createdBy: '/bin/sh -c #(nop)  CMD ["/bin/sh"]', created: '2024-02-01T00:00:01Z' };

/** Version 1.4.2 of a base image, and 1.5.0: same root filesystem, a rebuilt package layer, one more step. */
const OLD: LayeredImage = {
  created: '2024-03-01T10:00:00Z',
  labels: {
    'org.opencontainers.image.version': '1.4.2',
    'org.opencontainers.image.revision': '0123abcd',
    'org.opencontainers.image.source': 'https://example.com/base',
    'com.example.deprecated': 'yes',
  },
  steps: [
    ROOTFS,
    CMD,
    { createdBy: 'RUN /bin/sh -c apt-get install -y curl # buildkit', files: { 'usr/bin/curl': 'curl 8.5' } },
  ],
};
const NEW: LayeredImage = {
  created: '2024-04-02T11:00:00Z',
  labels: {
    'org.opencontainers.image.version': '1.5.0',
    'org.opencontainers.image.revision': '4567ef01',
    'org.opencontainers.image.source': 'https://example.com/base',
    'com.example.team': 'platform',
  },
  steps: [
    ROOTFS,
    CMD,
    { createdBy: 'RUN /bin/sh -c apt-get install -y curl # buildkit', files: { 'usr/bin/curl': 'curl 8.7' } },
    { createdBy: 'RUN /bin/sh -c useradd app # buildkit', files: { 'etc/passwd': 'app:x:1000:1000::/app:/bin/sh\n' } },
  ],
};

describe('diff between two images of a real registry', () => {
  let registry: RunningRegistry;
  let host: string;
  let cwd: string;
  const digests: Record<string, string> = {};

  before(async () => {
    registry = await startRegistry();
    host = registry.host;
    cwd = await mkdtemp(path.join(tmpdir(), 'basepin-diff-'));
    const target = { url: registry.url };
    const old = buildLayeredImage(OLD);
    await pushBuilt(target, 'base', '1', old);
    digests.old = old.digest;
    const current = buildLayeredImage(NEW);
    await pushBuilt(target, 'base', '1', current);
    digests.new = current.digest;

    const amd64 = buildLayeredImage({ ...NEW, format: 'oci' });
    const arm64 = buildLayeredImage({ ...NEW, format: 'oci', platform: ARM64, steps: [ROOTFS, CMD] });
    const s390x = buildLayeredImage({
      ...NEW,
      format: 'oci',
      platform: { os: 'linux', architecture: 's390x' },
      steps: [ROOTFS],
    });
    const before = buildIndexOf('oci', [amd64, arm64]);
    const after = buildIndexOf('oci', [amd64, s390x]);
    await pushBuilt(target, 'multi', 'old', before);
    await pushBuilt(target, 'multi', 'new', after);
    digests.indexOld = before.digest;
    digests.indexNew = after.digest;
  });
  after(async () => {
    await registry?.stop();
    await rm(cwd, { recursive: true, force: true });
  });

  test('labels, layers, history and created time, checked against skopeo', async () => {
    const result = await basepin(cwd, 'diff', '--json', `${host}/base@${digests.old}`, `${host}/base@${digests.new}`);
    assert.equal(result.code, 0, result.stderr);
    const diff = result.json();
    assert.deepEqual(
      [diff.from.reference, diff.from.digest, diff.to.digest],
      [`${host}/base@${digests.old}`, digests.old, digests.new],
    );
    assert.equal(diff.identical, false);
    assert.deepEqual(diff.created, { from: '2024-03-01T10:00:00Z', to: '2024-04-02T11:00:00Z' });
    assert.deepEqual(diff.labels, [
      { key: 'org.opencontainers.image.revision', change: 'changed', from: '0123abcd', to: '4567ef01' },
      { key: 'org.opencontainers.image.version', change: 'changed', from: '1.4.2', to: '1.5.0' },
      { key: 'com.example.deprecated', change: 'removed', from: 'yes' },
      { key: 'com.example.team', change: 'added', to: 'platform' },
    ]);

    const [old, current] = await Promise.all([
      skopeoInspect(`${host}/base@${digests.old}`, 'image'),
      skopeoInspect(`${host}/base:1`, 'image'),
    ]);
    assert.equal(current.Digest, digests.new);
    assert.deepEqual(
      diff.layers.shared.map((layer) => layer.digest),
      current.Layers.filter((layer) => old.Layers.includes(layer)),
    );
    assert.deepEqual(
      diff.layers.added.map((layer) => layer.digest),
      current.Layers.filter((layer) => !old.Layers.includes(layer)),
    );
    assert.deepEqual(
      diff.layers.removed.map((layer) => layer.digest),
      old.Layers.filter((layer) => !current.Layers.includes(layer)),
    );
    assert.deepEqual([diff.layers.shared.length, diff.layers.added.length, diff.layers.removed.length], [1, 2, 1]);
    const sum = (layers: { size: number }[]) => layers.reduce((total, layer) => total + layer.size, 0);
    assert.equal(diff.sizes.to, diff.sizes.shared + diff.sizes.added);
    assert.equal(diff.sizes.from, diff.sizes.shared + diff.sizes.removed);
    assert.equal(diff.sizes.added, sum(diff.layers.added));

    // The package step was rebuilt with the same command: the same step, a new layer. useradd is the one new step.
    assert.deepEqual(
      diff.history.added.map((step) => step.createdBy),
      ['RUN /bin/sh -c useradd app # buildkit'],
    );
    assert.deepEqual(diff.history.removed, []);
    assert.equal(diff.platforms, null);
  });

  test('from a pin to the tag now: --from DIGEST, or the pin written in the reference', async () => {
    const explicit = await basepin(cwd, 'diff', '--json', `${host}/base:1`, '--from', digests.old!);
    assert.equal(explicit.code, 0, explicit.stderr);
    assert.deepEqual(
      [explicit.json().from.digest, explicit.json().to.digest, explicit.json().to.reference],
      [digests.old, digests.new, `${host}/base:1`],
    );
    const written = await basepin(cwd, 'diff', '--json', `${host}/base:1@${digests.old}`);
    assert.equal(written.code, 0, written.stderr);
    assert.deepEqual(written.json(), explicit.json());
  });

  test('the human form: every change listed, version labels first', async () => {
    const result = await basepin(cwd, 'diff', `${host}/base:1`, '--from', digests.old!);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], `${host}/base@${digests.old} → ${host}/base:1`);
    assert.ok(lines.includes('created  2024-03-01T10:00:00Z → 2024-04-02T11:00:00Z'), result.stdout);
    const labels = lines.slice(lines.indexOf('labels') + 1, lines.indexOf('labels') + 5);
    assert.deepEqual(
      labels.map((line) => line.split(/ {2,}/).slice(1)),
      [
        ['~', 'org.opencontainers.image.revision', '0123abcd → 4567ef01'],
        ['~', 'org.opencontainers.image.version', '1.4.2 → 1.5.0'],
        ['-', 'com.example.deprecated', 'yes'],
        ['+', 'com.example.team', 'platform'],
      ],
    );
    assert.equal(
      lines.filter((line) => /^ {2}[=+-] {2}sha256:[0-9a-f]{64} +\d+ B +(shared|new|removed)$/.test(line)).length,
      4,
    );
    assert.match(
      result.stdout,
      /^history\n {2}\+ {2}2024-04-02T11:00:00Z +RUN \/bin\/sh -c useradd app # buildkit +\d+ B$/m,
    );
  });

  test('indexes: platforms added and removed; the selected platform compared', async () => {
    const result = await basepin(cwd, 'diff', '--json', `${host}/multi:old`, `${host}/multi:new`);
    assert.equal(result.code, 0, result.stderr);
    const diff = result.json();
    assert.deepEqual([diff.from.digest, diff.to.digest], [digests.indexOld, digests.indexNew]);
    assert.deepEqual(diff.platforms, { added: ['linux/s390x'], removed: ['linux/arm64/v8'], changed: [] });
    assert.equal(diff.from.platform, 'linux/amd64');
    assert.equal(diff.from.image, diff.to.image, 'the same linux/amd64 image in both');
    assert.deepEqual([diff.layers.added, diff.layers.removed, diff.history.added], [[], [], []]);

    const human = await basepin(cwd, 'diff', `${host}/multi:old`, `${host}/multi:new`);
    assert.match(human.stdout, /^platforms\n {2}\+ {2}linux\/s390x +added\n {2}- {2}linux\/arm64\/v8 +removed$/m);
    const arm = await basepin(cwd, 'diff', '--platform', 'linux/arm64', `${host}/multi:old`, `${host}/multi:new`);
    assert.equal(arm.code, 2, 'the new index has no linux/arm64 image');
    assert.match(arm.stderr, /has no image for linux\/arm64 \(it has: linux\/amd64, linux\/s390x\)/);
  });

  test('the same image twice is no change', async () => {
    const result = await basepin(cwd, 'diff', `${host}/base@${digests.new}`, `${host}/base:1`);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^no change: both are the same manifest$/m);
  });

  test('usage errors exit 2 with a message', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[`${host}/base:1`], /give two images, or IMAGE --from DIGEST/],
      [[`${host}/base:1`, '--from', 'latest'], /--from latest: not a digest/],
      [[`${host}/base@${digests.old}`, `${host}/base:1`, '--from', digests.old!], /not both/],
      [['a', 'b', 'c'], /diff compares two images/],
      [['Bad:Name', 'b'], /first image Bad:Name/],
    ];
    for (const [args, message] of cases) {
      const result = await basepin(cwd, 'diff', ...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
    }
  });
});
