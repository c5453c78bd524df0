import assert from 'node:assert/strict';
import test from 'node:test';
import { dockerfileExtractor } from '../src/extract/sources/dockerfile.js';
import { composeExtractor } from '../src/extract/sources/compose.js';
import { devcontainerExtractor } from '../src/extract/sources/devcontainer.js';
import { ignoredByComment } from '../src/extract/common/ignore-comment.js';
import { kubernetesExtractor } from '../src/extract/sources/kubernetes.js';
import type { Extractor } from '../src/extract/types.js';

/** For each reference the extractor finds in `text`: its image and whether it is ignored. */
const ignored = (extractor: Extractor, text: string) =>
  extractor.extract(text, 'x').map((found) => [found.image, ignoredByComment(text, found)]);

test('a comment line right above, or a comment right after the reference, ignores it', () => {
  assert.deepEqual(ignored(dockerfileExtractor, 'FROM a:1\n  # basepin: ignore\nFROM b:1\n'), [
    ['a:1', false],
    ['b:1', true],
  ]);
  assert.deepEqual(
    ignored(composeExtractor, 'services:\n  a:\n    image: "a:1" # basepin: ignore\n  b:\n    image: b:1\n'),
    [
      ['a:1', true],
      ['b:1', false],
    ],
  );
  assert.deepEqual(ignored(devcontainerExtractor, '{\n  "image": "a:1", // basepin: ignore\n}\n'), [['a:1', true]]);
  assert.deepEqual(
    ignored(composeExtractor, 'services:\n  a:\n    # basepin:ignore (legacy base)\r\n    image: a:1\n'),
    [['a:1', true]],
  );
});

test('the words inside a command, a string or a trailing comment of another line do not ignore anything', () => {
  assert.deepEqual(ignored(dockerfileExtractor, 'FROM a:1\nRUN echo "# basepin: ignore"\nFROM b:1\n'), [
    ['a:1', false],
    ['b:1', false],
  ]);
  const pod = [
    'apiVersion: v1',
    'kind: Pod',
    'spec:',
    '  containers:',
    '    - command: ["sh", "-c", "echo keep this # basepin: ignore"]',
    '      image: a:1',
    '',
  ].join('\n');
  assert.deepEqual(ignored(kubernetesExtractor, pod), [['a:1', false]]);
  const compose = 'services:\n  a: {image: "a:1"} # basepin: ignore\n  b: {image: "b:1"}\n';
  assert.deepEqual(ignored(composeExtractor, compose), [
    ['a:1', true],
    ['b:1', false],
  ]);
  const quoted = 'services:\n  a:\n    image: "a:1 # basepin: ignore"\n';
  assert.deepEqual(ignored(composeExtractor, quoted), [['a:1 # basepin: ignore', false]]);
});
