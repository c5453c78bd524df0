import assert from 'node:assert/strict';
import test from 'node:test';
import { composeExtractor, isCompose } from '../src/extract/sources/compose.js';
import { readFixture, seen } from './support/extract.js';

const fixture = (name: string) => readFixture('compose', name);

/** The expectations name the span only where its text is not the image itself. */
const brief = { spanUnlessImage: true };

test('compose: file names', () => {
  const names = ['compose.yaml', 'compose.yml', 'app/compose.override.yaml', 'docker-compose.yml'];
  for (const path of [...names, 'docker-compose.prod.yaml']) {
    assert.ok(composeExtractor.matches(path), path);
  }
  for (const path of ['composer.yaml', 'my-compose.yml', 'docker-compose.json', 'compose.yaml/Dockerfile']) {
    assert.ok(!composeExtractor.matches(path), path);
  }
});

test('compose: every service image, quoted, anchored, merged, built locally or with variables', () => {
  const text = fixture('compose.yaml');
  assert.deepEqual(composeExtractor.extract(text, 'compose.yaml').map(seen(text, brief)), [
    // x-base, reached through `<<: *base` by two services: one reference, at the anchor.
    { image: 'registry.example.com/base/runtime:3.2', line: 3, column: 10 },
    { image: 'nginx:1.25-alpine', line: 8, column: 12 },
    { image: 'postgres:16.2', line: 11, column: 13 },
    { image: 'redis:7.2', line: 13, column: 13 },
    // `&proxy` is not part of the span; `image: *proxy` is no second reference.
    { image: 'traefik:v3.0', line: 20, column: 19 },
    { image: 'example/app:dev', line: 25, column: 12, skip: 'built locally' },
    { image: 'ghcr.io/example/tool:${TOOL_VERSION:-1.4}', line: 27, column: 12, skip: 'uses variable TOOL_VERSION' },
    { image: '$REGISTRY/api:2', line: 29, column: 12, skip: 'uses variable REGISTRY' },
    {
      image: 'busybox:1.36',
      span: 'busybox\\x3a1.36',
      line: 31,
      column: 13,
      skip: 'quoted form basepin cannot edit safely',
    },
    {
      image: 'alpine:3.19',
      span: '>-\n      alpine:3.19\n',
      line: 33,
      column: 12,
      skip: 'quoted form basepin cannot edit safely',
    },
  ]);
});

test('compose: flow style, under any name when the file has a services map', () => {
  const text = fixture('stack.yml');
  assert.ok(isCompose(text));
  const digest = `sha256:${'0'.repeat(64)}`;
  assert.deepEqual(composeExtractor.extract(text, 'stack.yml').map(seen(text, brief)), [
    { image: 'example/api:1.0', line: 2, column: 26 },
    { image: `example/ui@${digest}`, line: 2, column: 57 },
  ]);
});

test('compose: merge keys of a %YAML 1.1 document; a tag and an anchor before the value', () => {
  const text = fixture('yaml-1.1.yml');
  assert.deepEqual(composeExtractor.extract(text, 'compose.yml').map(seen(text, brief)), [
    { image: 'nginx:1.25', line: 4, column: 10 },
    { image: 'redis:7.2', line: 9, column: 25 },
    // A service's own key wins over the merged one.
    { image: 'memcached:1.6', line: 11, column: 13 },
  ]);
});

test('compose: a top-level services list is not Compose', () => {
  const text = fixture('not-compose.yaml');
  assert.ok(!isCompose(text));
  assert.deepEqual(composeExtractor.extract(text, 'compose.yaml'), []);
});

test('compose: invalid YAML is an ExtractError with its position', () => {
  const text = fixture('invalid-unclosed.yaml');
  assert.ok(!isCompose(text));
  assert.throws(() => composeExtractor.extract(text, 'compose.yaml'), {
    name: 'ExtractError',
    message: /^invalid YAML: /,
    line: 4,
    column: 1,
  });
});

test('compose: an image written over several lines is skipped, and its image is one line', () => {
  const text = fixture('multi-line.yaml');
  const skip = 'quoted form basepin cannot edit safely';
  const found = composeExtractor.extract(text, 'compose.yaml');
  assert.deepEqual(
    found.map((one) => [one.image, one.line, one.column, one.skip]),
    [
      // The value, trimmed, each line break made a space: a `|` scalar ends in a line break, `|+` keeps them all.
      ['alpine:3.19', 4, 12, skip],
      ['debian:12', 7, 12, skip],
      ['redis:7.2 -alpine', 11, 12, skip],
      ['busybox:1.36', 15, 13, skip],
    ],
  );
});
