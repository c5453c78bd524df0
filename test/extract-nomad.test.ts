import assert from 'node:assert/strict';
import test from 'node:test';
import { extractorFor } from '../src/extract/index.js';
import { nomadExtractor } from '../src/extract/sources/nomad.js';
import { ExtractError } from '../src/extract/errors.js';
import { readFixture } from './support/extract.js';
import { pinText } from './support/pin-text.js';

const text = readFixture('nomad', 'example.nomad.hcl');

test('nomad: job files by name', () => {
  for (const path of ['example.nomad.hcl', 'jobs/api.nomad']) assert.equal(extractorFor(path)?.kind, 'nomad', path);
  for (const path of ['main.tf', 'config.hcl', 'nomad.hcl.bak'])
    assert.notEqual(extractorFor(path)?.kind, 'nomad', path);
});

test('nomad: the image of docker and podman tasks and sidecar tasks; other drivers and heredocs are not read', () => {
  const seen = nomadExtractor
    .extract(text, 'example.nomad.hcl')
    .map(
      (found) => `${found.line}:${found.column} ${found.image}${found.skip === undefined ? '' : ` (${found.skip})`}`,
    );
  assert.deepEqual(seen, [
    '22:27 redis:7.2',
    '43:18 docker.io/library/redis:${var.tag} (uses expression ${var.tag})',
    '61:22 envoyproxy/envoy:v1.29.1',
  ]);
});

test('nomad: pinning changes the image strings only; a file that is not HCL is an error', () => {
  const D = `sha256:${'e'.repeat(64)}`;
  assert.equal(
    pinText(nomadExtractor, text, 'example.nomad.hcl', D),
    text
      .replace('"redis:7.2"', `"redis:7.2@${D}"`)
      .replace('"envoyproxy/envoy:v1.29.1"', `"envoyproxy/envoy:v1.29.1@${D}"`),
  );
  assert.throws(() => nomadExtractor.extract('job "x" {\n  group "g" {\n', 'x.nomad'), ExtractError);
});
