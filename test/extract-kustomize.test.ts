import assert from 'node:assert/strict';
import test from 'node:test';
import { kustomizeExtractor } from '../src/extract/sources/kustomize.js';
import type { Found } from '../src/extract/types.js';
import { readFixture, seen } from './support/extract.js';

const fixture = (name: string) => readFixture('kustomize', name);

const digest = (hex: string) => `sha256:${hex.repeat(64)}`;

/** `text` with every reference that is not skipped pinned to `pin` through its template. */
function pinAll(text: string, found: Found[], pin: string): string {
  const edits = found.filter((item) => item.skip === undefined).reverse();
  return edits.reduce((edited, { start, end, template }) => {
    return edited.slice(0, start) + template!.replaceAll('{digest}', pin) + edited.slice(end);
  }, text);
}

test('kustomize: file names', () => {
  for (const path of ['kustomization.yaml', 'overlays/prod/kustomization.yml', 'base/Kustomization']) {
    assert.ok(kustomizeExtractor.matches(path), path);
  }
  for (const path of ['kustomization.json', 'my-kustomization.yaml', 'kustomization.yaml.bak']) {
    assert.ok(!kustomizeExtractor.matches(path), path);
  }
});

test('kustomize: images entries, with the digest field as the place to pin', () => {
  const text = fixture('kustomization.yaml');
  assert.deepEqual(kustomizeExtractor.extract(text, 'kustomization.yaml').map(seen(text, { template: true })), [
    // After the comment that ends the entry's last line, in the entry's indentation.
    {
      image: 'nginx:1.25.4',
      span: '',
      template: '\n    digest: {digest}',
      line: 7,
      column: 48,
      at: { line: 6, column: 5 },
    },
    {
      image: `registry.example.com/mirror/postgres:16.2@${digest('1')}`,
      span: digest('1'),
      template: '{digest}',
      line: 11,
      column: 13,
      at: { line: 8, column: 5 },
    },
    { image: 'redis:7.2', span: '', template: ', digest: {digest}', line: 12, column: 32, at: { line: 12, column: 5 } },
    // A plain 1.10 is the tag "1.10", not the number 1.1.
    {
      image: 'node:1.10',
      span: '',
      template: '\n    digest: {digest}',
      line: 14,
      column: 17,
      at: { line: 13, column: 5 },
    },
    {
      image: 'registry.example.com/only-renamed',
      span: '',
      template: '\n    digest: {digest}',
      line: 16,
      column: 47,
      at: { line: 15, column: 5 },
      skip: 'no newTag: the tag comes from the resources',
    },
    {
      image: `pinned-without-tag@${digest('2')}`,
      span: digest('2'),
      template: '{digest}',
      line: 18,
      column: 13,
      at: { line: 17, column: 5 },
    },
  ]);
});

test('kustomize: applying the templates writes digest fields and nothing else', () => {
  const text = fixture('kustomization.yaml');
  const pinned = pinAll(text, kustomizeExtractor.extract(text, 'kustomization.yaml'), digest('f'));
  assert.equal(pinned, fixture('pinned/kustomization.yaml'));
});

test('kustomize: an inserted digest line keeps CRLF line endings', () => {
  const text = fixture('Kustomization');
  const found = kustomizeExtractor.extract(text, 'Kustomization');
  assert.deepEqual(
    found.map((item) => [item.image, item.template]),
    [
      ['busybox:1.36', '\r\n  digest: {digest}'],
      [`alpine:3.19@${digest('3')}`, '{digest}'],
    ],
  );
  const expected = text
    .replace('newTag: "1.36"\r\n', `newTag: "1.36"\r\n  digest: ${digest('a')}\r\n`)
    .replace(digest('3'), digest('a'));
  assert.equal(pinAll(text, found, digest('a')), expected);
});

test('kustomize: line and column are those of the digest value (or of the insertion point), `at` the entry', () => {
  const pinned = digest('4');
  const text = `images:\n  - name: app\n    newTag: "1.0"\n    digest: ${pinned}\n  - name: web\n    newTag: "2"\n`;
  assert.deepEqual(kustomizeExtractor.extract(text, 'kustomization.yaml').map(seen(text, { template: true })), [
    { image: `app:1.0@${pinned}`, span: pinned, template: '{digest}', line: 4, column: 13, at: { line: 2, column: 5 } },
    { image: 'web:2', span: '', template: '\n    digest: {digest}', line: 6, column: 16, at: { line: 5, column: 5 } },
  ]);
});

test('kustomize: an empty digest field is filled in, never duplicated', () => {
  const digest = `sha256:${'1'.repeat(64)}`;
  for (const text of [
    'images:\n  - name: nginx\n    newTag: "1.25"\n    digest:\n',
    'images:\n  - name: nginx\n    digest:\n    newTag: "1.25"\n',
    'images:\n  - {name: nginx, newTag: "1.25", digest: }\n',
  ]) {
    const [found] = kustomizeExtractor.extract(text, 'kustomization.yaml');
    assert.equal(found!.image, 'nginx:1.25');
    const pinned = text.slice(0, found!.start) + found!.template!.replace('{digest}', digest) + text.slice(found!.end);
    assert.equal(pinned, text.replace(/digest:(?= ?\}|\n)/, `digest: ${digest}`));
    assert.equal(kustomizeExtractor.extract(pinned, 'kustomization.yaml')[0]!.image, `nginx:1.25@${digest}`);
  }
});
