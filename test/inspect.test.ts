import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ImageSummary } from '../src/image/index.js';
import { runBasepin } from './support/cli.js';
import { ARM64, buildIndexOf } from './support/image.js';
import { buildLayeredImage, type LayeredImage } from './support/layered-image.js';
import { pushBuilt } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { skopeoInspect } from './support/skopeo-inspect.js';
import { skopeoRaw } from './support/skopeo-raw.js';

/** Run the CLI in process; output is captured. */
const basepin = (cwd: string, ...argv: string[]) => runBasepin<ImageSummary & { reference: string }>(cwd, argv);

const BASE: LayeredImage = {
  created: '2024-03-01T10:00:00Z',
  labels: {
    'org.opencontainers.image.version': '1.4.2',
    'org.opencontainers.image.revision': '0123abcd',
    'org.opencontainers.image.source': 'https://example.com/base',
  },
  steps: [
    {
      createdBy: '/bin/sh -c #(nop) ADD file:rootfs in / ',
      created: '2024-02-01T00:00:00Z',
      files: { 'etc/os-release': 'ID=test\n' },
    },
    { createdBy: '/bin/sh -c #(nop)  CMD ["/bin/sh"]', created: '2024-02-01T00:00:01Z' },
    {
      createdBy: 'RUN /bin/sh -c apt-get install -y curl # buildkit',
      comment: 'buildkit.dockerfile.v0',
      files: { 'usr/bin/curl': 'curl' },
    },
    { createdBy: 'LABEL org.opencontainers.image.version=1.4.2', comment: 'buildkit.dockerfile.v0' },
  ],
};

describe('inspect against a real registry, compared with skopeo', () => {
  let registry: RunningRegistry;
  let host: string;
  let cwd: string;

  before(async () => {
    registry = await startRegistry();
    host = registry.host;
    cwd = await mkdtemp(path.join(tmpdir(), 'basepin-inspect-'));
    await pushBuilt({ url: registry.url }, 'base', '1', buildLayeredImage(BASE));
    const amd64 = buildLayeredImage({ ...BASE, format: 'oci' });
    const arm64 = buildLayeredImage({
      ...BASE,
      format: 'oci',
      platform: ARM64,
      labels: { 'org.opencontainers.image.version': '1.4.2-arm' },
    });
    await pushBuilt({ url: registry.url }, 'multi', '1', buildIndexOf('oci', [amd64, arm64]));
  });
  after(async () => {
    await registry?.stop();
    await rm(cwd, { recursive: true, force: true });
  });

  test('a single-platform image: digest, created, size, labels and history agree with skopeo', async () => {
    const result = await basepin(cwd, 'inspect', '--json', `${host}/base:1`);
    assert.equal(result.code, 0, result.stderr);
    const summary = result.json();
    const image = await skopeoInspect(`${host}/base:1`, 'image');
    const config = await skopeoInspect(`${host}/base:1`, 'config');
    const manifest = JSON.parse((await skopeoRaw(`${host}/base:1`)).toString('utf8')) as {
      layers: Array<{ digest: string; size: number }>;
    };

    assert.equal(summary.reference, `${host}/base:1`);
    assert.equal(summary.digest, image.Digest);
    assert.equal(summary.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    assert.equal(summary.platforms, null);
    assert.equal(summary.image.digest, image.Digest);
    assert.equal(summary.image.platform, `${image.Os}/${image.Architecture}`);
    assert.equal(summary.image.created, config.created);
    assert.deepEqual(summary.image.labels, image.Labels);
    assert.deepEqual(
      summary.image.layers.map(({ digest }) => digest),
      image.Layers,
    );
    assert.deepEqual(
      summary.image.layers.map(({ digest, size }) => [digest, size]),
      manifest.layers.map(({ digest, size }) => [digest, size]),
    );
    assert.equal(
      summary.image.size,
      manifest.layers.reduce((sum, layer) => sum + layer.size, 0),
    );
    assert.deepEqual(
      summary.image.history.map((step) => [step.created, step.createdBy, step.comment, step.emptyLayer]),
      config.history.map((step) => [step.created, step.created_by, step.comment ?? '', step.empty_layer === true]),
    );
    // Steps that made a layer take the manifest's layers in order; the others made none.
    assert.deepEqual(
      summary.image.history.map((step) => step.layer?.digest ?? null),
      [image.Layers[0], null, image.Layers[1], null],
    );
  });

  test('the human form lists labels and one history line per step, like docker image history', async () => {
    const result = await basepin(cwd, 'inspect', `${host}/base:1`);
    assert.equal(result.code, 0, result.stderr);
    const image = await skopeoInspect(`${host}/base:1`, 'image');
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], `image       ${host}/base:1`);
    assert.equal(lines[1], `digest      ${image.Digest}`);
    assert.ok(lines.includes('created     2024-03-01T10:00:00Z'), result.stdout);
    assert.ok(lines.includes('  org.opencontainers.image.version   1.4.2'), result.stdout);
    const history = lines.slice(lines.indexOf('history') + 1).filter((line) => line !== '');
    assert.equal(history.length, 5, 'a header and four steps');
    assert.match(history[0]!, /^ {2}CREATED +CREATED BY +SIZE +COMMENT$/);
    assert.match(history[1]!, /^ {2}2024-02-01T00:00:00Z +\/bin\/sh -c #\(nop\) ADD file:rootfs in \/ +\d+ B$/);
    assert.match(history[2]!, /^ {2}2024-02-01T00:00:01Z +\/bin\/sh -c #\(nop\) CMD \["\/bin\/sh"\] +0 B$/);
    assert.match(
      history[3]!,
      /^ {2}2024-03-01T10:00:00Z +RUN \/bin\/sh -c apt-get install -y curl # buildkit +\d+ B +buildkit\.dockerfile\.v0$/,
    );
  });

  test('an index: every platform with its digest; linux/amd64 by default, --platform selects another', async () => {
    const index = JSON.parse((await skopeoRaw(`${host}/multi:1`)).toString('utf8')) as {
      manifests: Array<{ digest: string; size: number }>;
    };
    const result = await basepin(cwd, 'inspect', '--json', `${host}/multi:1`);
    assert.equal(result.code, 0, result.stderr);
    const summary = result.json();
    assert.equal(summary.mediaType, 'application/vnd.oci.image.index.v1+json');
    assert.deepEqual(
      summary.platforms!.map(({ platform, digest, size, attestation }) => [platform, digest, size, attestation]),
      [
        ['linux/amd64', index.manifests[0]!.digest, index.manifests[0]!.size, false],
        ['linux/arm64/v8', index.manifests[1]!.digest, index.manifests[1]!.size, false],
      ],
    );
    assert.equal(summary.image.digest, index.manifests[0]!.digest);

    const arm = await basepin(cwd, 'inspect', '--json', '--platform', 'linux/arm64', `${host}/multi:1`);
    assert.equal(arm.code, 0, arm.stderr);
    const config = await skopeoInspect(`${host}/multi:1`, 'config', { architecture: 'arm64', variant: 'v8' });
    assert.equal(arm.json().image.digest, index.manifests[1]!.digest, 'linux/arm64 is linux/arm64/v8');
    assert.equal(arm.json().image.platform, 'linux/arm64/v8');
    assert.deepEqual(arm.json().image.labels, config.config.Labels);

    const human = await basepin(cwd, 'inspect', `${host}/multi:1`);
    assert.match(
      human.stdout,
      new RegExp(`^ {2}linux/amd64 +${index.manifests[0]!.digest} +\\d+ B +\\(shown below\\)$`, 'm'),
    );
    assert.match(human.stdout, new RegExp(`^ {2}linux/arm64/v8 +${index.manifests[1]!.digest} +\\d+ B$`, 'm'));
  });

  test('by digest, and the errors: no such platform, invalid platform, unknown image', async () => {
    const { Digest } = await skopeoInspect(`${host}/base:1`, 'image');
    const byDigest = await basepin(cwd, 'inspect', '--json', `${host}/base@${Digest}`);
    assert.equal(byDigest.code, 0, byDigest.stderr);
    assert.equal(byDigest.json().digest, Digest);

    const s390x = await basepin(cwd, 'inspect', '--platform', 'linux/s390x', `${host}/multi:1`);
    assert.equal(s390x.code, 2);
    assert.match(
      s390x.stderr,
      /^basepin: index sha256:\S+ has no image for linux\/s390x \(it has: linux\/amd64, linux\/arm64\/v8\)$/m,
    );
    const single = await basepin(cwd, 'inspect', '--platform', 'linux/arm64', `${host}/base:1`);
    assert.equal(single.code, 2);
    assert.match(single.stderr, /is a single-platform image for linux\/amd64, not linux\/arm64/);

    const invalid = await basepin(cwd, 'inspect', '--platform', 'amd64', `${host}/base:1`);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /--platform: invalid platform "amd64"/);
    const unknown = await basepin(cwd, 'inspect', `${host}/nothing:1`);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /not found/);
  });
});
