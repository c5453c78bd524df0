/**
 * Hostile and unusual input: positions from a line index, references and nesting of any size refused with a clear
 * message (never a JavaScript error), aliases that would expand without end, and the YAML Kubernetes accepts.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { bakeExtractor } from '../src/extract/sources/bake.js';
import { composeExtractor } from '../src/extract/sources/compose.js';
import { devcontainerExtractor } from '../src/extract/sources/devcontainer.js';
import { dockerfileExtractor } from '../src/extract/sources/dockerfile.js';
import { LineIndex, lineColumn } from '../src/extract/common/found-at.js';
import { kubernetesExtractor } from '../src/extract/sources/kubernetes.js';
import { ExtractError } from '../src/extract/errors.js';
import type { Extractor } from '../src/extract/types.js';
import { YAML_MAX_DEPTH } from '../src/extract/yaml/documents.js';
import { applyEdits, verifyRewrite } from '../src/plan/rewrite.js';
import { InvalidReferenceError, parse, parseNormalized } from '../src/reference/index.js';

const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const DIGEST = `sha256:${'a'.repeat(64)}`;

/** The line and column of `offset` by counting, the way an editor does. */
function counted(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  const bom = before.length === 1 && text.startsWith('\uFEFF') && offset > 0 ? 1 : 0;
  return { line: before.length, column: before.at(-1)!.length + 1 - bom };
}

test('the line index gives the same lines and columns as counting, at every offset', () => {
  for (const text of ['', '\n', 'a', 'ab\ncd\r\n\nef\n', '\uFEFFFROM a\nFROM b', '\n\n\nx']) {
    for (let offset = 0; offset <= text.length; offset++)
      assert.deepEqual(lineColumn(text, offset), counted(text, offset));
  }
  const index = new LineIndex('one\r\ntwo\n\nfour');
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((line) => index.lineText(line)),
    ['one', 'two', '', 'four', ''],
  );
});

test('a reference of megabytes is invalid, refused before the grammar runs (no stack overflow)', () => {
  const huge = `${'a/'.repeat(5_000_000)}a`;
  for (const read of [parse, parseNormalized]) {
    assert.throws(
      () => read(huge),
      (error: unknown) => {
        assert.ok(error instanceof InvalidReferenceError, String(error));
        assert.equal(error.message, 'invalid reference format: more than 1024 characters');
        return true;
      },
    );
  }
  // Below the cap the grammar still decides, as Docker does: a 257-character path is too long.
  assert.throws(() => parse(`${'a/'.repeat(129)}a`), { code: 'name-too-long' });
});

/** The ExtractError `extractor` throws for `text`, as `line:column: message`. */
function extractError(extractor: Extractor, text: string, path: string): string {
  try {
    extractor.extract(text, path);
  } catch (error) {
    assert.ok(error instanceof ExtractError, String(error));
    return `${error.line}:${error.column}: ${error.message}`;
  }
  assert.fail('no error');
}

test('deep nesting is a file error at the place it gets too deep, in every format', () => {
  const deepFlow = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const manifest = (value: string) => `apiVersion: v1\nkind: Pod\nx: ${value}\n`;
  assert.equal(
    extractError(kubernetesExtractor, manifest(deepFlow(100_000)), 'k.yaml'),
    `3:${4 + YAML_MAX_DEPTH - 1}: too deeply nested`,
  );
  const block = Array.from({ length: 5000 }, (_, depth) => `${' '.repeat(depth)}a:`).join('\n');
  assert.match(
    extractError(composeExtractor, `services:\n${block} 1\n`, 'compose.yaml'),
    /^\d+:\d+: too deeply nested$/,
  );
  // Just within the limit is read.
  assert.deepEqual(kubernetesExtractor.extract(manifest(deepFlow(YAML_MAX_DEPTH - 1)), 'k.yaml'), []);

  const json = `{"image": "alpine:3", "x": ${deepFlow(100_000)}}`;
  assert.equal(extractError(devcontainerExtractor, json, '.devcontainer.json'), '1:1027: too deeply nested');
  const hcl = `target "a" {\n  contexts = { x = "${'${"'.repeat(50_000)}y${'"}'.repeat(50_000)}" }\n}\n`;
  assert.match(extractError(bakeExtractor, hcl, 'docker-bake.hcl'), /^2:\d+: too deeply nested$/);

  const substitutions = `ARG A=x\nFROM alpine:\${A:-${'${A:-'.repeat(3000)}y${'}'.repeat(3001)}\n`;
  assert.match(extractError(dockerfileExtractor, substitutions, 'Dockerfile'), /^2:\d+: too deeply nested$/);
  const chain = `ARG A0=alpine\n${Array.from({ length: 20_000 }, (_, n) => `ARG A${n + 1}=\${A${n}}\n`).join('')}FROM \${A20000}:3\n`;
  assert.equal(extractError(dockerfileExtractor, chain, 'Dockerfile'), '101:10: too deeply nested');
  // Shallow nesting is read as before.
  assert.equal(dockerfileExtractor.extract('ARG A\nFROM alpine:${A:-${A:-3}}\n', 'Dockerfile')[0]?.image, 'alpine:3');
});

test('a repeated mapping key is still an error (found with one lookup per key)', () => {
  assert.equal(
    extractError(composeExtractor, 'services:\n  a:\n    image: x\n  b: {}\n  a:\n    image: y\n', 'compose.yaml'),
    '5:3: invalid YAML: Map keys must be unique',
  );
});

test('aliases are followed, and aliases of aliases do not make the walk exponential or endless', () => {
  const shared = 'x-base: &base\n  image: nginx:1.25\nservices:\n  a: *base\n  b:\n    <<: *base\n';
  assert.deepEqual(
    composeExtractor.extract(shared, 'compose.yaml').map((found) => found.line),
    [2],
  );
  // Ten levels of Lists holding ten aliases of the level below: 10^10 visits if each alias were walked again.
  const lines = [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '  - &l0 {apiVersion: v1, kind: Pod, spec: {containers: [{name: a, image: "alpine:3"}]}}',
  ];
  for (let level = 1; level <= 10; level++) {
    const items = Array(10)
      .fill(`*l${level - 1}`)
      .join(', ');
    lines.push(`  - &l${level} {apiVersion: v1, kind: List, items: [${items}]}`);
  }
  lines.push('  - &self {apiVersion: v1, kind: List, items: [*self]}');
  const found = kubernetesExtractor.extract(`${lines.join('\n')}\n`, 'list.yaml');
  assert.deepEqual(
    found.map((one) => one.image),
    ['alpine:3'],
  );
});

/** A pod whose continuation lines are indented less than their keys, as kubectl and PyYAML accept. */
const LOOSE_POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: nginx:1.25
      args: ["--foo",
  "--bar"]
      command: "echo hello
  world"
    - name: b
      image: 'busybox:1.36
  '
    - {name: c, image: "alpine:3.19",
  args: [x]}
`;

test('YAML that Kubernetes accepts: continuation lines indented less than their key are read', () => {
  const found = kubernetesExtractor.extract(LOOSE_POD, 'pod.yaml');
  assert.deepEqual(
    found.map(({ image, line, column, skip }) => ({ image, line, column, skip })),
    [
      { image: 'nginx:1.25', line: 8, column: 14, skip: undefined },
      { image: 'busybox:1.36', line: 14, column: 15, skip: 'quoted form basepin cannot edit safely' },
      { image: 'alpine:3.19', line: 16, column: 25, skip: undefined },
    ],
  );
  // Pinning edits the text as written, byte for byte, and reads back as intended.
  const edits = found.filter((one) => one.skip === undefined).map((one) => ({ found: one, digest: DIGEST }));
  const after = applyEdits(LOOSE_POD, edits);
  assert.equal(
    after,
    LOOSE_POD.replace('nginx:1.25', `nginx:1.25@${DIGEST}`).replace('alpine:3.19', `alpine:3.19@${DIGEST}`),
  );
  verifyRewrite(found, kubernetesExtractor.extract(after, 'pod.yaml'), edits);
});

test('a file that is broken some other way is still an error', () => {
  assert.match(
    extractError(kubernetesExtractor, 'apiVersion: v1\nkind: Pod\nspec: [a, b\nother: 1\n', 'k.yaml'),
    /invalid YAML/,
  );
});

/** Runs the real command line in a child process: its exit code and everything it printed. */
async function basepin(cwd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, output: `${stdout}${stderr}` });
      },
    );
  });
}

test('the CLI: exit 2 and one line per problem, no JavaScript error or stack, for each kind of hostile input', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'basepin-bounded-'));
  try {
    await writeFile(join(dir, 'Dockerfile'), `FROM ${'a/'.repeat(5_000_000)}a\n`);
    await writeFile(join(dir, 'deep.yaml'), `apiVersion: v1\nkind: Pod\nx: ${'['.repeat(100_000)}\n`);
    const files = await basepin(dir, ['ls', 'Dockerfile', 'deep.yaml']);
    assert.equal(files.code, 2, files.output);
    assert.match(
      files.output,
      /^Dockerfile:1:6: error: invalid reference format: more than 1024 characters: "a\/a\/.{100,}\.\.\. \(10000001 characters\)"$/m,
    );
    assert.match(files.output, /^deep\.yaml:3:\d+: error: too deeply nested$/m);
    assert.ok(files.output.length < 2000, 'nothing of megabytes is printed');

    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 10; level++)
      lines.push(
        `a${level}: &a${level} [${Array(10)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      );
    await writeFile(join(dir, '.basepin.yaml'), `${lines.join('\n')}\n`);
    const config = await basepin(dir, ['ls', 'deep.yaml']);
    assert.equal(config.code, 2, config.output);
    assert.equal(config.output, 'basepin: invalid configuration .basepin.yaml: too many YAML aliases\n');

    for (const { output } of [files, config]) {
      assert.doesNotMatch(output, /RangeError|ReferenceError|internal error|^\s+at /m);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
