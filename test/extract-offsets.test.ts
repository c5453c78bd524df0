import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { bakeExtractor } from '../src/extract/sources/bake.js';
import { composeExtractor } from '../src/extract/sources/compose.js';
import { devcontainerExtractor } from '../src/extract/sources/devcontainer.js';
import { githubActionsExtractor } from '../src/extract/sources/github-actions.js';
import { gitlabCiExtractor } from '../src/extract/sources/gitlab-ci.js';
import { kubernetesExtractor } from '../src/extract/sources/kubernetes.js';
import { kustomizeExtractor } from '../src/extract/sources/kustomize.js';
import type { Extractor, Found } from '../src/extract/types.js';

/**
 * Checks that hold for every reference in every fixture of the non-Dockerfile extractors: spans and positions
 * agree, pinning one reference through its span changes that reference and no other, and line endings or a byte
 * order mark change nothing but offsets.
 */

const root = fileURLToPath(new URL('../../test/fixtures/extract/', import.meta.url));
const extractors: Extractor[] = [
  composeExtractor,
  kubernetesExtractor,
  kustomizeExtractor,
  githubActionsExtractor,
  gitlabCiExtractor,
  devcontainerExtractor,
  bakeExtractor,
];
const DIGEST = /@sha256:[0-9a-f]{64}$/;
const PIN = `sha256:${'d'.repeat(64)}`;

interface Fixture {
  extractor: Extractor;
  /** Relative to the extractor's fixture folder; bake reads `.json` files as JSON. */
  name: string;
  text: string;
}

/** Every fixture that parses (fixtures named `invalid-*` are errors on purpose). */
function fixtures(): Fixture[] {
  return extractors.flatMap((extractor) => {
    const folder = path.join(root, extractor.kind);
    return readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.name.startsWith('invalid-'))
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return { extractor, name: path.relative(folder, file), text: readFileSync(file, 'utf8') };
      });
  });
}

/** The edit that pins `found` to PIN, as basepin's rewrite would make it (a digest already there is replaced). */
function pinned(text: string, found: Found): { text: string; image: string } {
  const replacement = found.template
    ? found.template.replaceAll('{digest}', PIN)
    : `${text.slice(found.start, found.end).replace(DIGEST, '')}@${PIN}`;
  return {
    text: text.slice(0, found.start) + replacement + text.slice(found.end),
    image: `${found.image.replace(DIGEST, '')}@${PIN}`,
  };
}

const spanText = (text: string, found: Found) => text.slice(found.start, found.end);

test('every fixture has references, and every extractor has fixtures', () => {
  const all = fixtures();
  for (const extractor of extractors)
    assert.ok(
      all.some((fixture) => fixture.extractor === extractor),
      extractor.kind,
    );
  const total = all.reduce((sum, { extractor, name, text }) => sum + extractor.extract(text, name).length, 0);
  assert.ok(total >= 50, `${total} references in the fixtures`);
});

test('spans, lines and columns agree, and a span is the end of its image', () => {
  for (const { extractor, name, text } of fixtures()) {
    const lines = text.replace(/^\uFEFF/, '').split('\n');
    for (const found of extractor.extract(text, name)) {
      const where = `${extractor.kind}/${name}:${found.line}:${found.column}`;
      assert.equal(found.kind, extractor.kind, where);
      assert.ok(found.start >= 0 && found.start <= found.end && found.end <= text.length, where);
      const span = spanText(text, found);
      assert.ok(lines[found.line - 1].slice(found.column - 1).startsWith(span.split('\n')[0]), where);
      if (!found.template && !found.skip) assert.ok(found.image.endsWith(span), where);
    }
  }
});

test('pinning one reference changes that reference and leaves every other one as it was', () => {
  for (const { extractor, name, text } of fixtures()) {
    const before = extractor.extract(text, name);
    before.forEach((found, index) => {
      if (found.skip) return;
      const edit = pinned(text, found);
      const after = extractor.extract(edit.text, name);
      const where = `${extractor.kind}/${name}: ${found.image}`;
      assert.equal(after.length, before.length, where);
      assert.equal(after[index].image, edit.image, where);
      assert.equal(after[index].skip, undefined, where);
      after.forEach((other, otherIndex) => {
        if (otherIndex === index) return;
        const was = before[otherIndex];
        assert.deepEqual(
          [other.image, other.skip, spanText(edit.text, other)],
          [was.image, was.skip, spanText(text, was)],
          `${where} changed ${was.image}`,
        );
      });
    });
  }
});

test('CRLF line endings and a byte order mark change offsets only', () => {
  const view = (text: string) => (found: Found) => [
    found.image,
    found.skip,
    found.line,
    found.column,
    found.at,
    spanText(text, found).replaceAll('\r\n', '\n'),
    found.template?.replaceAll('\r\n', '\n'),
  ];
  for (const { extractor, name, text } of fixtures()) {
    const lf = text.replace(/^\uFEFF/, '').replaceAll('\r\n', '\n');
    const crlf = `\uFEFF${lf.replaceAll('\n', '\r\n')}`;
    assert.deepEqual(
      extractor.extract(crlf, name).map(view(crlf)),
      extractor.extract(lf, name).map(view(lf)),
      `${extractor.kind}/${name}`,
    );
  }
});
