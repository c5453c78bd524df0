import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { emptyConfig } from '../src/config/types.js';
import type { NormalizedReference } from '../src/reference/index.js';
import { run } from '../src/run.js';
import { noImageReads } from './support/no-image-reads.js';

const conformance = fileURLToPath(new URL('../../test/fixtures/conformance/', import.meta.url));

/** A resolver that answers without a registry: a digest derived from the name and tag. */
const stub = {
  ...noImageReads,
  lookups: [] as string[],
  async resolve(ref: NormalizedReference) {
    const key = `${ref.domain}/${ref.path}:${ref.tag}`;
    this.lookups.push(key);
    return { digest: `sha256:${createHash('sha256').update(key).digest('hex')}` };
  },
};

/**
 * Pinning a never-pinned file only inserts text: `(":latest")?@sha256:<hex>` right after each pinned reference's span.
 * Rebuild the expected text from the original that way and compare it with what basepin produced.
 */
test('pinning the real-world corpus and the BuildKit cases changes nothing but the reference spans', async () => {
  stub.lookups = [];
  const report = await run({
    command: 'pin',
    cwd: conformance,
    paths: ['.'],
    config: emptyConfig,
    dryRun: true,
    resolver: stub,
  });
  assert.deepEqual(report.problems, []);
  assert.ok(report.changes.length > 150, `most corpus files have something to pin (${report.changes.length})`);
  assert.equal(new Set(stub.lookups).size, stub.lookups.length, 'one lookup per distinct image');

  for (const change of report.changes) {
    const pinned = report.entries
      .filter((entry) => entry.file === change.file && entry.wrote !== undefined)
      .sort((a, b) => a.found.end - b.found.end);
    let expected = '';
    let at = 0;
    for (const entry of pinned) {
      if (entry.found.end === at && at > 0) continue; // several uses of one ARG value: one insertion
      const implicitTag = entry.ref!.tag === null ? ':latest' : '';
      expected += `${change.before.slice(at, entry.found.end)}${implicitTag}@${entry.wrote}`;
      at = entry.found.end;
    }
    expected += change.before.slice(at);
    assert.equal(change.after, expected, change.file);
  }
  const unexplained = report.entries.filter((entry) => entry.status === 'error');
  assert.deepEqual(
    unexplained.map((entry) => `${entry.file}:${entry.found.line}: ${entry.message}`),
    [],
  );
});
