import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  diffImages,
  diffLabels,
  summarizeDiff,
  type HistoryStep,
  type ImageSummary,
  type Layer,
} from '../src/image/index.js';

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const layer = (n: number, size: number): Layer => ({ mediaType: 'l', digest: digest(n), size });
const step = (createdBy: string, made?: Layer): HistoryStep => ({
  created: null,
  createdBy,
  comment: '',
  emptyLayer: made === undefined,
  layer: made ?? null,
});

function image(
  n: number,
  parts: {
    created?: string;
    labels?: Record<string, string>;
    layers?: Layer[];
    history?: HistoryStep[];
    platforms?: string[];
  },
): ImageSummary {
  const layers = parts.layers ?? [];
  return {
    digest: digest(n),
    mediaType:
      parts.platforms === undefined
        ? 'application/vnd.oci.image.manifest.v1+json'
        : 'application/vnd.oci.image.index.v1+json',
    platforms:
      parts.platforms?.map((platform, index) => ({
        platform,
        digest: index === 0 ? digest(n + 1) : digest(n + 10 * (index + 1)),
        mediaType: 'm',
        size: 1,
        attestation: false,
      })) ?? null,
    image: {
      platform: 'linux/amd64',
      digest: parts.platforms === undefined ? digest(n) : digest(n + 1),
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'c', digest: digest(n + 2), size: 1 },
      created: parts.created ?? null,
      labels: parts.labels ?? {},
      layers,
      size: layers.reduce((sum, one) => sum + one.size, 0),
      history: parts.history ?? [],
    },
  };
}

describe('diff of two image summaries', () => {
  test('labels: version and revision labels first, then by key; unchanged ones left out', () => {
    const changes = diffLabels(
      { b: '1', 'org.opencontainers.image.version': '1.0', a: 'same', 'org.label-schema.vcs-ref': 'x', z: 'gone' },
      {
        b: '2',
        'org.opencontainers.image.version': '1.1',
        a: 'same',
        'org.label-schema.vcs-ref': 'y',
        c: 'new',
        version: '3',
      },
    );
    assert.deepEqual(
      changes.map((change) => [change.change, change.key]),
      [
        ['changed', 'org.label-schema.vcs-ref'],
        ['changed', 'org.opencontainers.image.version'],
        ['added', 'version'],
        ['changed', 'b'],
        ['added', 'c'],
        ['removed', 'z'],
      ],
    );
  });

  test('layers shared, new and removed by digest, with sizes; history steps compared by what created them', () => {
    const base = layer(1, 5_000_000);
    const from = image(10, {
      created: '2024-01-01T00:00:00Z',
      layers: [base, layer(2, 1_000)],
      history: [step('ADD rootfs', base), step('RUN apt', layer(2, 1_000)), step('USER root'), step('CMD sh')],
    });
    const to = image(20, {
      created: '2024-02-01T00:00:00Z',
      layers: [base, layer(3, 2_000), layer(4, 300)],
      history: [
        step('ADD rootfs', base),
        step('RUN apt', layer(3, 2_000)),
        step('RUN useradd', layer(4, 300)),
        step('CMD sh'),
      ],
    });
    const diff = diffImages(from, to);
    assert.equal(diff.identical, false);
    assert.deepEqual(diff.layers.shared, [base]);
    assert.deepEqual(
      diff.layers.added.map((one) => one.digest),
      [digest(3), digest(4)],
    );
    assert.deepEqual(
      diff.layers.removed.map((one) => one.digest),
      [digest(2)],
    );
    assert.deepEqual(diff.sizes, { from: 5_001_000, to: 5_002_300, shared: 5_000_000, added: 2_300, removed: 1_000 });
    assert.deepEqual(
      diff.history.added.map((one) => one.createdBy),
      ['RUN useradd'],
    );
    assert.deepEqual(
      diff.history.removed.map((one) => one.createdBy),
      ['USER root'],
    );
    assert.equal(diff.platforms, null);
    assert.equal(
      summarizeDiff(diff),
      [
        '- created 2024-01-01T00:00:00Z → 2024-02-01T00:00:00Z',
        '- layers: 1 shared (5 MB), 2 new (2.3 kB), 1 removed (1 kB); size 5 MB → 5 MB (+1.3 kB)',
        '- history: 1 step added, 1 removed',
        '',
      ].join('\n'),
    );
  });

  test('the summary spells out the first label changes and counts the rest; platforms added and removed', () => {
    const labels = (version: string, extra: Record<string, string>) => ({
      'org.opencontainers.image.version': version,
      ...extra,
    });
    const from = image(10, {
      labels: labels('1', { a: '1', b: '1', c: '1' }),
      platforms: ['linux/amd64', 'linux/arm64/v8'],
    });
    const to = image(20, {
      labels: labels('2', { a: '2', b: '2', c: '2', d: '2' }),
      platforms: ['linux/amd64', 'linux/s390x'],
    });
    const diff = diffImages(from, to);
    assert.deepEqual(diff.platforms, { added: ['linux/s390x'], removed: ['linux/arm64/v8'], changed: ['linux/amd64'] });
    assert.equal(
      summarizeDiff(diff),
      [
        '- labels: org.opencontainers.image.version 1 → 2; a 1 → 2; b 1 → 2; c 1 → 2; and 1 more',
        '- layers: 0 shared (0 B), 0 new (0 B), 0 removed (0 B); size 0 B → 0 B',
        '- platforms: +linux/s390x, -linux/arm64/v8',
        '',
      ].join('\n'),
    );
  });

  test('a single image against an index compares its platform with the index’s; the same digest is no change', () => {
    const single = image(10, {});
    const index = image(20, { platforms: ['linux/amd64', 'linux/arm64/v8'] });
    assert.deepEqual(diffImages(single, index).platforms, {
      added: ['linux/arm64/v8'],
      removed: [],
      changed: ['linux/amd64'],
    });
    const same = diffImages(single, single);
    assert.equal(same.identical, true);
    assert.equal(summarizeDiff(same), '- no change\n');
  });
});
