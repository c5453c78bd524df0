import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatSize,
  ImageError,
  loadImage,
  parseManifest,
  parsePlatform,
  platformMatches,
  selectPlatform,
  type ImageSource,
} from '../src/image/index.js';
import { parseConfig } from '../src/image/config.js';
import { parseNormalized, type NormalizedReference } from '../src/reference/index.js';

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

const child = (n: number, platform: object | undefined, annotations?: object) => ({
  mediaType: OCI_MANIFEST,
  digest: digest(n),
  size: 500 + n,
  ...(platform === undefined ? {} : { platform }),
  ...(annotations === undefined ? {} : { annotations }),
});

/** A buildx-style index: two images and an attestation manifest. */
const INDEX = {
  schemaVersion: 2,
  mediaType: OCI_INDEX,
  manifests: [
    child(1, { os: 'linux', architecture: 'arm64', variant: 'v8' }),
    child(2, { os: 'linux', architecture: 'amd64' }),
    child(
      3,
      { os: 'unknown', architecture: 'unknown' },
      { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': digest(2) },
    ),
  ],
};

describe('manifests', () => {
  test('an index: children with platforms, attestations marked', () => {
    const manifest = parseManifest(json(INDEX), OCI_INDEX, digest(9));
    assert.equal(manifest.kind, 'index');
    assert.deepEqual(
      manifest.kind === 'index' && manifest.children.map((one) => [one.digest, one.platform, one.attestation]),
      [
        [digest(1), { os: 'linux', architecture: 'arm64', variant: 'v8' }, false],
        [digest(2), { os: 'linux', architecture: 'amd64' }, false],
        [digest(3), { os: 'unknown', architecture: 'unknown' }, true],
      ],
    );
  });

  test('an image manifest served as plain JSON is recognized by its fields', () => {
    const bytes = json({
      schemaVersion: 2,
      config: { mediaType: 'c', digest: digest(4), size: 10 },
      layers: [{ mediaType: 'l', digest: digest(5), size: 20 }],
    });
    assert.deepEqual(parseManifest(bytes, 'application/json', digest(9)), {
      kind: 'image',
      config: { mediaType: 'c', digest: digest(4), size: 10 },
      layers: [{ mediaType: 'l', digest: digest(5), size: 20 }],
    });
  });

  test('what cannot be read is an ImageError naming the manifest', () => {
    const fails = (bytes: Buffer, mediaType: string, message: RegExp) =>
      assert.throws(
        () => parseManifest(bytes, mediaType, digest(9)),
        (error: unknown) => error instanceof ImageError && error.reason === 'format' && message.test(error.message),
      );
    fails(Buffer.from('nope'), OCI_MANIFEST, /^manifest sha256:9+ is not a JSON object$/);
    fails(
      json({ schemaVersion: 1, fsLayers: [] }),
      'application/vnd.docker.distribution.manifest.v1+prettyjws',
      /schema 1 manifests are not supported/,
    );
    fails(json({ config: { digest: digest(4) }, layers: [] }), OCI_MANIFEST, /invalid descriptor at config/);
    fails(json({ manifests: [{ digest: 'x', size: 1 }] }), OCI_INDEX, /invalid descriptor at manifests\[0\]/);
  });
});

describe('platforms', () => {
  test('parse and match, with containerd’s default variants', () => {
    assert.deepEqual(parsePlatform('linux/arm64/v8'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
    assert.deepEqual(parsePlatform('Linux/AMD64'), { os: 'linux', architecture: 'amd64' });
    for (const bad of ['amd64', 'linux/', 'linux/arm/v7/x', 'linux/am d64'])
      assert.throws(() => parsePlatform(bad), /invalid platform/);
    const p = parsePlatform;
    assert.ok(platformMatches(p('linux/arm64'), p('linux/arm64/v8')));
    assert.ok(platformMatches(p('linux/arm64/v8'), p('linux/arm64')));
    assert.ok(!platformMatches(p('linux/arm'), p('linux/arm/v6')), 'linux/arm means v7');
    assert.ok(platformMatches(p('linux/arm'), p('linux/arm/v7')));
    assert.ok(platformMatches(p('linux/riscv64'), p('linux/riscv64/rva22')), 'no default variant: any');
    assert.ok(!platformMatches(p('linux/amd64'), p('windows/amd64')));
  });

  test('selectPlatform: the one asked for; else linux/amd64; else the first image; never an attestation', () => {
    const index = parseManifest(json(INDEX), OCI_INDEX, digest(9));
    assert.ok(index.kind === 'index');
    assert.equal(selectPlatform(index.children, undefined, digest(9)).digest, digest(2));
    assert.equal(selectPlatform(index.children, parsePlatform('linux/arm64'), digest(9)).digest, digest(1));
    assert.equal(
      selectPlatform(
        index.children.filter((one) => one.digest !== digest(2)),
        undefined,
        digest(9),
      ).digest,
      digest(1),
    );
    assert.throws(
      () => selectPlatform(index.children, parsePlatform('unknown/unknown'), digest(9)),
      /has no image for unknown\/unknown \(it has: linux\/arm64\/v8, linux\/amd64\)/,
    );
  });
});

describe('configs and summaries', () => {
  test('missing fields are empty, not errors; non-string labels are dropped', () => {
    assert.deepEqual(
      parseConfig(json({ architecture: 'amd64', os: 'linux', config: { Labels: { a: 'b', n: 1 } } }), digest(4)),
      {
        platform: { os: 'linux', architecture: 'amd64' },
        created: null,
        labels: { a: 'b' },
        history: [],
      },
    );
    assert.throws(() => parseConfig(json([1]), digest(4)), /image config sha256:4+ is not a JSON object/);
  });

  test('loadImage reads an index, one platform manifest and its config, and pairs history steps with layers', async () => {
    const layers = [
      { mediaType: 'l', digest: digest(5), size: 1000 },
      { mediaType: 'l', digest: digest(6), size: 2500 },
    ];
    const image = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: 'c', digest: digest(4), size: 99 },
      layers,
    };
    const config = {
      architecture: 'amd64',
      os: 'linux',
      created: '2024-05-01T00:00:00Z',
      config: { Labels: { 'org.opencontainers.image.version': '2' } },
      history: [
        { created: '2024-05-01T00:00:00Z', created_by: 'ADD rootfs' },
        { created_by: 'ENV A=1', empty_layer: true },
        { created_by: 'RUN make' },
        { created_by: 'RUN more', comment: 'a step whose layer the manifest does not have' },
      ],
    };
    const asked: string[] = [];
    const source: ImageSource = {
      async fetchManifest(ref: NormalizedReference) {
        asked.push(ref.digest ?? ref.tag!);
        if (ref.digest === null) return { digest: digest(9), mediaType: OCI_INDEX, bytes: json(INDEX) };
        return { digest: ref.digest, mediaType: OCI_MANIFEST, bytes: json(image) };
      },
      async fetchBlob(_ref, blob, options) {
        asked.push(`blob ${blob} max ${options?.maxBytes}`);
        return json(config);
      },
    };
    const summary = await loadImage(source, parseNormalized('registry.test/app:1'));
    assert.deepEqual(asked, ['1', digest(2), `blob ${digest(4)} max ${8 * 1024 * 1024}`]);
    assert.equal(summary.digest, digest(9));
    assert.deepEqual(
      summary.platforms!.map((one) => [one.platform, one.attestation]),
      [
        ['linux/arm64/v8', false],
        ['linux/amd64', false],
        ['unknown/unknown', true],
      ],
    );
    assert.deepEqual(
      [summary.image.digest, summary.image.platform, summary.image.size, summary.image.created],
      [digest(2), 'linux/amd64', 3500, '2024-05-01T00:00:00Z'],
    );
    assert.deepEqual(
      summary.image.history.map((step) => [step.createdBy, step.emptyLayer, step.layer?.digest ?? null]),
      [
        ['ADD rootfs', false, digest(5)],
        ['ENV A=1', true, null],
        ['RUN make', false, digest(6)],
        ['RUN more', false, null],
      ],
    );
  });

  test('sizes in decimal units, three significant digits', () => {
    assert.deepEqual([0, 999, 1000, 1234, 999_999, 45_600_000, 2e12].map(formatSize), [
      '0 B',
      '999 B',
      '1 kB',
      '1.23 kB',
      '1 MB',
      '45.6 MB',
      '2 TB',
    ]);
  });
});
