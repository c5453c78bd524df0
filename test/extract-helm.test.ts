import assert from 'node:assert/strict';
import test from 'node:test';
import { extractorFor } from '../src/extract/index.js';
import { helmValuesExtractor } from '../src/extract/sources/helm-values.js';
import { readFixture, seen } from './support/extract.js';
import { pinText } from './support/pin-text.js';

const text = readFixture('helm', 'chart/values.yaml');
const D = `sha256:${'a'.repeat(64)}`;

test('helm: values files are Helm values only beside a Chart.yaml; templates are not values', () => {
  for (const path of ['chart/values.yaml', 'values.yml', 'charts/web/values-production.yaml', 'values.dev.yaml']) {
    assert.equal(extractorFor(path, { inChart: true })?.kind, 'helm', path);
    assert.equal(extractorFor(path, { inChart: false })?.kind, 'kubernetes', path);
    assert.equal(extractorFor(path)?.kind, 'kubernetes', path);
  }
  for (const path of ['chart/templates/deployment.yaml', 'chart/Chart.yaml', 'chart/myvalues.yaml', 'values.json']) {
    assert.notEqual(extractorFor(path, { inChart: true })?.kind, 'helm', path);
  }
});

test('helm: image blocks and image strings, the digest placed in the digest key when there is one', () => {
  assert.deepEqual(helmValuesExtractor.extract(text, 'chart/values.yaml').map(seen(text, { template: true })), [
    // Bitnami: `digest: ""`, written inside its quotes
    {
      image: 'docker.io/bitnami/nginx:1.29.1-debian-12-r0',
      span: '',
      template: '{digest}',
      at: { line: 7, column: 3 },
      line: 10,
      column: 12,
    },
    // `digest:` without a value
    {
      image: 'docker.io/bitnami/git:2.50.1-debian-12-r0',
      span: '',
      template: ' {digest}',
      at: { line: 17, column: 5 },
      line: 20,
      column: 12,
    },
    // no digest key: the tag
    {
      image: 'docker.io/bitnami/nginx-exporter:1.4.2',
      span: '1.4.2',
      template: undefined,
      at: { line: 24, column: 5 },
      line: 26,
      column: 11,
    },
    {
      image: 'nginx',
      span: 'nginx',
      template: undefined,
      at: { line: 30, column: 5 },
      line: 30,
      column: 17,
      skip: "no tag: the chart's appVersion decides",
    },
    { image: 'busybox:1.36', span: 'busybox:1.36', template: undefined, at: undefined, line: 36, column: 19 },
    {
      image: '{{ .Values.global.imageRegistry }}/busybox:1.36',
      span: '{{ .Values.global.imageRegistry }}/busybox:1.36',
      template: undefined,
      at: undefined,
      line: 38,
      column: 13,
      skip: 'uses expression {{ .Values.global.imageRegistry }}',
    },
  ]);
});

test('helm: pinning writes the digest key (keeping its quotes) or the tag, and reads back as pinned', () => {
  const pinned = pinText(helmValuesExtractor, text, 'chart/values.yaml', D);
  assert.equal(
    pinned,
    text
      .replace('  digest: ""\n', `  digest: "${D}"\n`)
      .replace('    digest:\n', `    digest: ${D}\n`)
      .replace('tag: "1.4.2"', `tag: "1.4.2@${D}"`)
      .replace('sidecarImage: busybox:1.36', `sidecarImage: busybox:1.36@${D}`),
  );
  // Updating replaces the digests where they are.
  const E = `sha256:${'b'.repeat(64)}`;
  assert.equal(pinText(helmValuesExtractor, pinned, 'chart/values.yaml', E), pinned.replaceAll(D, E));
});

test('helm: helmDigest tag writes every digest into the tag', () => {
  const pinned = pinText(helmValuesExtractor, text, 'chart/values.yaml', D, { helmDigest: 'tag' });
  assert.equal(
    pinned,
    text
      .replace('tag: 1.29.1-debian-12-r0', `tag: 1.29.1-debian-12-r0@${D}`)
      .replace('tag: 2.50.1-debian-12-r0', `tag: 2.50.1-debian-12-r0@${D}`)
      .replace('tag: "1.4.2"', `tag: "1.4.2@${D}"`)
      .replace('sidecarImage: busybox:1.36', `sidecarImage: busybox:1.36@${D}`),
  );
});
