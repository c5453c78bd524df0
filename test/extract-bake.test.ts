import assert from 'node:assert/strict';
import test from 'node:test';
import { bakeExtractor } from '../src/extract/sources/bake.js';
import { readFixture, seen } from './support/extract.js';

const fixture = (name: string) => readFixture('bake', name);

test('bake: file names', () => {
  const names = ['docker-bake.hcl', 'docker-bake.json', 'build/docker-bake.override.hcl', 'docker-bake.override.json'];
  for (const path of names) {
    assert.ok(bakeExtractor.matches(path), path);
  }
  for (const path of ['bake.hcl', 'docker-bake.yaml', 'main.tf', 'docker-bake.hcl.orig']) {
    assert.ok(!bakeExtractor.matches(path), path);
  }
});

test('bake HCL: docker-image:// contexts of every target, past comments, heredocs and expressions', () => {
  const text = fixture('docker-bake.hcl');
  const golang = `golang:1.22@sha256:${'4'.repeat(64)}`;
  assert.deepEqual(bakeExtractor.extract(text, 'docker-bake.hcl').map(seen(text)), [
    { image: 'alpine:3.19', span: 'alpine:3.19', line: 14, column: 30 },
    { image: golang, span: golang, line: 15, column: 31 },
    // Comma-separated items on one line.
    { image: 'node:20', span: 'node:20', line: 16, column: 44 },
    { image: 'alpine:${BASE_TAG}', span: 'alpine:${BASE_TAG}', line: 17, column: 28, skip: 'uses variable BASE_TAG' },
    // `computed` is an expression, the heredoc's text is no attribute, the commented target is a comment.
    { image: 'python:3.12-slim', span: 'python:3.12-slim', line: 33, column: 41 },
  ]);
});

test('bake JSON: docker-image:// contexts of every target', () => {
  const text = fixture('docker-bake.json');
  assert.deepEqual(bakeExtractor.extract(text, 'docker-bake.json').map(seen(text)), [
    { image: 'alpine:3.19', span: 'alpine:3.19', line: 5, column: 35 },
    {
      image: 'debian:${DEBIAN_TAG}',
      span: 'debian:${DEBIAN_TAG}',
      line: 7,
      column: 33,
      skip: 'uses variable DEBIAN_TAG',
    },
  ]);
});

test('bake HCL: escapes are skipped; strings inside templates do not end the string', () => {
  const text = [
    'target "a" {',
    '  contexts = { x = "docker-image://alpine\\u003a3", y = "docker-image://${lower("ALPINE")}:3" }',
    '}',
  ].join('\n');
  assert.deepEqual(bakeExtractor.extract(text, 'docker-bake.hcl').map(seen(text)), [
    {
      image: 'alpine\\u003a3',
      span: 'docker-image://alpine\\u003a3',
      line: 2,
      column: 21,
      skip: 'quoted form basepin cannot edit safely',
    },
    {
      image: '${lower("ALPINE")}:3',
      span: '${lower("ALPINE")}:3',
      line: 2,
      column: 72,
      skip: 'uses expression ${lower("ALPINE")}',
    },
  ]);
});

test('bake HCL: text that is not HCL is an ExtractError with its position', () => {
  const cases = [
    ['invalid-string.hcl', 'invalid HCL: unterminated string', 3, 14],
    ['invalid-unclosed.hcl', 'invalid HCL: "{" is never closed', 1, 14],
    ['invalid-item.hcl', 'invalid HCL: expected an attribute or a block', 2, 3],
  ] as const;
  for (const [name, message, line, column] of cases) {
    const expected = { name: 'ExtractError', message, line, column };
    assert.throws(() => bakeExtractor.extract(fixture(name), 'docker-bake.hcl'), expected, name);
  }
});
