import assert from 'node:assert/strict';
import test from 'node:test';
import { extractorFor } from '../src/extract/index.js';
import { terraformExtractor } from '../src/extract/sources/terraform.js';
import { readFixture } from './support/extract.js';
import { pinText } from './support/pin-text.js';

const text = readFixture('terraform', 'main.tf');

test('terraform: .tf files', () => {
  assert.equal(extractorFor('infra/main.tf')?.kind, 'terraform');
  assert.equal(extractorFor('main.tf.json'), undefined);
});

test('terraform: docker images, containers and services, and kubernetes_* containers; only string literals', () => {
  const seen = terraformExtractor
    .extract(text, 'main.tf')
    .map(
      (found) => `${found.line}:${found.column} ${found.image}${found.skip === undefined ? '' : ` (${found.skip})`}`,
    );
  assert.deepEqual(seen, [
    '23:11 ubuntu:24.04',
    '27:19 nginx:1.27',
    '50:12 redis:7.2',
    '58:16 repo.mycompany.com:8080/foo-service:v1',
    '73:20 busybox:1.36',
    '76:20 nginx:${var.nginx_tag} (uses expression ${var.nginx_tag})',
  ]);
});

test('terraform: pinning changes the image strings only', () => {
  const D = `sha256:${'f'.repeat(64)}`;
  let expected = text;
  for (const image of [
    'ubuntu:24.04',
    'nginx:1.27',
    'redis:7.2',
    'repo.mycompany.com:8080/foo-service:v1',
    'busybox:1.36',
  ]) {
    expected = expected.replace(`"${image}"`, `"${image}@${D}"`);
  }
  assert.equal(pinText(terraformExtractor, text, 'main.tf', D), expected);
});
