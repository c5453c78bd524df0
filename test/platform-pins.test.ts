import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IndexChild } from '../src/image/index.js';
import { decidePlatformPin, mayBeIndex, needsPinnedManifest } from '../src/plan/platform-pins.js';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const child = (c: string, architecture: string, more: Partial<IndexChild> = {}): IndexChild => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: digest(c),
  size: 1,
  platform: { os: 'linux', architecture },
  attestation: false,
  ...more,
});
const INDEX = digest('9');
const children = [
  child('1', 'amd64'),
  child('2', 'arm64'),
  child('3', 'unknown', { platform: null, attestation: true }),
];

describe('platform pins (pure decisions)', () => {
  it('the index is read only when the tag may be one', () => {
    assert.equal(mayBeIndex('application/vnd.oci.image.index.v1+json'), true);
    assert.equal(mayBeIndex('application/vnd.docker.distribution.manifest.list.v2+json'), true);
    assert.equal(mayBeIndex(undefined), true);
    assert.equal(mayBeIndex('application/vnd.docker.distribution.manifest.v2+json'), false);
    assert.equal(needsPinnedManifest(children, digest('2')), false);
    assert.equal(needsPinnedManifest(children, digest('7')), true);
    assert.equal(needsPinnedManifest({ error: 'x', reason: 'unreachable' }, digest('7')), false);
  });

  it('a pin the index lists is current; an old platform image moves to its platform; an old index to the index', () => {
    assert.deepEqual(decidePlatformPin(digest('2'), INDEX, { index: children }), {
      status: 'pinned',
      current: digest('2'),
    });
    const moved = decidePlatformPin(digest('7'), INDEX, {
      index: children,
      pinned: { kind: 'image', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    });
    assert.equal(moved.status, 'stale');
    assert.equal(moved.status === 'stale' && moved.current, digest('2'));
    assert.deepEqual(decidePlatformPin(digest('7'), INDEX, { index: children, pinned: { kind: 'index' } }), {
      status: 'stale',
      current: INDEX,
    });
  });

  it("whatever cannot be told is an error naming why, with the failed read's reason, never a move to the index", () => {
    const cases: Array<[Parameters<typeof decidePlatformPin>[2], RegExp, string]> = [
      [
        { index: { error: 'HTTP 500', reason: 'unreachable' } },
        /cannot read the tag's index .*HTTP 500/,
        'unreachable',
      ],
      [{ index: children }, /cannot read manifests here/, 'undecidable'],
      [
        { index: children, pinned: { error: 'manifest unknown', reason: 'not-found' } },
        /cannot read it to tell its platform: manifest unknown/,
        'not-found',
      ],
      [{ index: children, pinned: { kind: 'image', platform: null } }, /names no platform/, 'undecidable'],
      [
        { index: children, pinned: { kind: 'image', platform: { os: 'linux', architecture: 's390x' } } },
        /no linux\/s390x image .*it has: linux\/amd64, linux\/arm64\)/,
        'undecidable',
      ],
    ];
    for (const [facts, message, reason] of cases) {
      const decision = decidePlatformPin(digest('7'), INDEX, facts);
      assert.equal(decision.status, 'error');
      assert.match(decision.status === 'error' ? decision.message : '', message);
      assert.equal(decision.status === 'error' ? decision.reason : '', reason);
    }
  });
});
