import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { extractDockerfile } from '../src/extract/sources/dockerfile.js';
import type { Found } from '../src/extract/types.js';

const conformance = fileURLToPath(new URL('../../test/fixtures/conformance/', import.meta.url));

interface BuildkitFrom {
  cases: { case: string; images: string[] }[];
  negativeCases: { case: string; expectParseError: boolean }[];
}

/** The lines of `text` as an editor shows them: split at `\n`, without a `\r` before it or a leading BOM. */
function lines(text: string): string[] {
  return text
    .replace(/^\ufeff/, '')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''));
}

/** The 1-based line and column of `offset`, as an editor shows them (a byte order mark takes no column). */
function lineAndColumn(text: string, offset: number): [number, number] {
  const bom = text.startsWith('\ufeff') ? 1 : 0;
  const before = text.slice(bom, Math.max(offset, bom)).split('\n');
  return [before.length, before[before.length - 1].length + 1];
}

/** A comment line is a directive only in the unbroken run of comment lines at the top of the file. */
function inDirectiveBlock(text: string, lineNumber: number): boolean {
  return lines(text)
    .slice(0, lineNumber)
    .every((line) => line.startsWith('#'));
}

/** What must hold for every Found of every file. */
function checkInvariants(text: string, found: Found[], where: string): void {
  for (const one of found) {
    const span = text.slice(one.start, one.end);
    const context = `${where}: ${JSON.stringify(one)}`;
    assert.equal(one.kind, 'dockerfile', context);
    assert.ok(0 <= one.start && one.start < one.end && one.end <= text.length, context);
    assert.doesNotMatch(span, /[\r\n]/, context);
    if (!one.skip) assert.ok(one.image.endsWith(span), context);
    assert.deepEqual([one.line, one.column], lineAndColumn(text, one.start), context);
    const line = lines(text)[one.line - 1];
    if (/^\s*#/.test(line)) assert.ok(inDirectiveBlock(text, one.line), `in a comment: ${context}`);
  }
}

describe('dockerfile extractor: BuildKit parser cases', () => {
  const data = JSON.parse(readFileSync(join(conformance, 'dockerfile/buildkit-from.json'), 'utf8')) as BuildkitFrom;

  it('has the 33 positive and 4 negative cases', () => {
    assert.equal(data.cases.length, 33);
    assert.equal(data.negativeCases.length, 4);
  });

  for (const { case: name, images } of data.cases) {
    it(`${name}: the FROM images`, () => {
      const text = readFileSync(join(conformance, 'dockerfile/buildkit-testfiles', name, 'Dockerfile'), 'utf8');
      const found = extractDockerfile(text);
      checkInvariants(text, found, name);
      const fromFound = found.filter((one) => !inDirectiveBlock(text, one.line));
      assert.deepEqual(
        fromFound.map((one) => one.image),
        images.filter((image) => image !== 'scratch'),
      );
      assert.ok(fromFound.every((one) => !one.skip));
    });
  }

  it('escape-with-syntax: the syntax directive, then the image after a backtick continuation', () => {
    const text = readFileSync(join(conformance, 'dockerfile/buildkit-testfiles/escape-with-syntax/Dockerfile'), 'utf8');
    assert.deepEqual(
      extractDockerfile(text).map((one) => [one.image, text.slice(one.start, one.end), one.line, one.column]),
      [
        ['docker/dockerfile', 'docker/dockerfile', 1, 12],
        ['image', 'image', 5, 5],
      ],
    );
  });

  // BuildKit rejects these files; basepin does not validate instructions it does not read, so a readable
  // FROM in one (env_no_value: `ENV PATH` has no value) is still reported.
  const negativeImages: Record<string, string[]> = {
    empty_dockerfile: [],
    env_no_value: ['busybox'],
    only_comments: [],
    'shykes-nested-json': [],
  };
  for (const { case: name } of data.negativeCases) {
    it(`${name}: a file BuildKit rejects does not crash the extractor`, () => {
      const text = readFileSync(
        join(conformance, 'dockerfile/buildkit-testfiles-negative', name, 'Dockerfile'),
        'utf8',
      );
      const found = extractDockerfile(text);
      checkInvariants(text, found, name);
      assert.deepEqual(
        found.map((one) => one.image),
        negativeImages[name],
      );
    });
  }
});

describe('dockerfile extractor: a corpus of real Dockerfiles (jessfraz/dockerfiles)', () => {
  const root = join(conformance, 'corpora/jessfraz-dockerfiles');
  const files: string[] = [];
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === 'Dockerfile') files.push(path);
    }
  };
  walk(root);

  /**
   * The references a simple line reader finds: enough for this corpus, whose FROM and COPY --from lines use no
   * variables and no continuations.
   */
  function simpleReferences(text: string): string[] {
    const stages: string[] = [];
    const images: string[] = [];
    for (const line of text.split('\n')) {
      const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
      if (from) {
        if (from[1] !== 'scratch' && !stages.includes(from[1].toLowerCase())) images.push(from[1]);
        if (from[2]) stages.push(from[2].toLowerCase());
      }
      const copy = /^COPY\s.*--from=(\S+)/.exec(line);
      if (copy && !stages.includes(copy[1].toLowerCase())) images.push(copy[1]);
    }
    return images;
  }

  it('has 206 Dockerfiles', () => assert.equal(files.length, 206));

  it('every Found is well formed, nothing is skipped, and the references match a simple reading', () => {
    let total = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const found = extractDockerfile(text);
      checkInvariants(text, found, path);
      assert.deepEqual(
        found.map((one) => one.image),
        simpleReferences(text),
        path,
      );
      assert.ok(
        found.every((one) => !one.skip && one.at === undefined),
        path,
      );
      total += found.length;
    }
    assert.equal(total, 230);
  });
});
