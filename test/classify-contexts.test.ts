import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractDockerfile } from '../src/extract/sources/dockerfile.js';
import { classify } from '../src/plan/classify.js';

const statuses = (text: string, contexts: string[]) =>
  extractDockerfile(text).map((found) => {
    const entry = classify('Dockerfile', text, found, { ignore: [], contexts: new Set(contexts) });
    return [found.image, entry.status];
  });

describe('classify: named build contexts', () => {
  it('a FROM or --from naming a context is skipped: as written, without its tag, or by its full name', () => {
    const text = 'FROM base\nFROM alpine:3.19\nFROM node:20\nFROM golang:1\nCOPY --from=tools:1 /a /a\n';
    assert.deepEqual(statuses(text, ['base', 'alpine', 'docker.io/library/node', 'tools:1']), [
      ['base', 'skipped'],
      ['alpine:3.19', 'skipped'],
      ['node:20', 'skipped'],
      ['golang:1', 'unpinned'],
      ['tools:1', 'skipped'],
    ]);
  });

  it('no contexts: only the bare --from names are skipped', () => {
    assert.deepEqual(statuses('FROM base\nCOPY --from=assets /a /a\nCOPY --from=alpine:3 /a /a\n', []), [
      ['base', 'unpinned'],
      ['assets', 'skipped'],
      ['alpine:3', 'unpinned'],
    ]);
  });
});
