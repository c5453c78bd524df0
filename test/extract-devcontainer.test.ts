import assert from 'node:assert/strict';
import test from 'node:test';
import { devcontainerExtractor } from '../src/extract/sources/devcontainer.js';
import { readFixture, seen } from './support/extract.js';

const fixture = (name: string) => readFixture('devcontainer', name);

test('devcontainer: file names', () => {
  const names = ['.devcontainer/devcontainer.json', '.devcontainer.json', 'app/.devcontainer/python/devcontainer.json'];
  for (const path of names) {
    assert.ok(devcontainerExtractor.matches(path), path);
  }
  for (const path of ['devcontainer.json', '.devcontainer/a/b/devcontainer.json', '.devcontainer/features.json']) {
    assert.ok(!devcontainerExtractor.matches(path), path);
  }
});

test('devcontainer: the top-level image, in JSON with comments and trailing commas', () => {
  const text = fixture('.devcontainer/devcontainer.json');
  assert.deepEqual(devcontainerExtractor.extract(text, '.devcontainer/devcontainer.json').map(seen(text)), [
    {
      image: 'mcr.microsoft.com/devcontainers/typescript-node:1-20-bookworm',
      span: 'mcr.microsoft.com/devcontainers/typescript-node:1-20-bookworm',
      line: 5,
      column: 13,
    },
  ]);
});

test('devcontainer: variables and escapes are skipped; no image, no reference', () => {
  const withVariable = fixture('.devcontainer/python/devcontainer.json');
  assert.deepEqual(devcontainerExtractor.extract(withVariable, '.devcontainer.json').map(seen(withVariable)), [
    {
      image: 'mcr.microsoft.com/devcontainers/python:${localEnv:PY_TAG}',
      span: 'mcr.microsoft.com/devcontainers/python:${localEnv:PY_TAG}',
      line: 2,
      column: 13,
      skip: 'uses expression ${localEnv:PY_TAG}',
    },
  ]);
  const escaped = fixture('escaped.devcontainer.json');
  assert.deepEqual(devcontainerExtractor.extract(escaped, '.devcontainer.json').map(seen(escaped)), [
    {
      image: 'mcr.microsoft.com/devcontainers/base:ubuntu',
      span: 'mcr.microsoft.com\\/devcontainers\\/base:ubuntu',
      line: 1,
      column: 13,
      skip: 'quoted form basepin cannot edit safely',
    },
  ]);
  assert.deepEqual(devcontainerExtractor.extract(fixture('build.devcontainer.json'), '.devcontainer.json'), []);
});

test('devcontainer: a byte order mark, and invalid JSON as an ExtractError', () => {
  const text = `\uFEFF${fixture('.devcontainer/devcontainer.json')}`;
  const [found] = devcontainerExtractor.extract(text, '.devcontainer.json');
  assert.equal(text.slice(found.start, found.end), 'mcr.microsoft.com/devcontainers/typescript-node:1-20-bookworm');
  assert.deepEqual([found.line, found.column], [5, 13]);
  assert.throws(() => devcontainerExtractor.extract(fixture('invalid-comma.json'), '.devcontainer.json'), {
    name: 'ExtractError',
    message: 'invalid JSON: CommaExpected',
    line: 3,
    column: 3,
  });
});

test('devcontainer: a second top-level "image" is an ExtractError at that key', () => {
  assert.throws(() => devcontainerExtractor.extract(fixture('invalid-duplicate-image.json'), '.devcontainer.json'), {
    name: 'ExtractError',
    message: 'duplicate key "image"',
    line: 6,
    column: 3,
  });
});
