import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { emptyConfig } from '../src/config/types.js';
import type { NormalizedReference } from '../src/reference/index.js';
import { run } from '../src/run.js';
import { noImageReads } from './support/no-image-reads.js';

/** The digest the stub registry gives `name:tag` (full name), so expectations can be written out. */
const digestOf = (key: string) => `sha256:${createHash('sha256').update(key).digest('hex')}`;
/** Every tag is a single-platform image (its media type says so: a differing pin needs no manifest read). */
const resolver = {
  ...noImageReads,
  resolve: async (ref: NormalizedReference) => ({
    digest: digestOf(`${ref.domain}/${ref.path}:${ref.tag}`),
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
  }),
};

const NODE = digestOf('docker.io/library/node:20');
const ALPINE = digestOf('docker.io/library/alpine:3.19');
const OLD = `sha256:${'0'.repeat(64)}`;

/** Write `text` as a Dockerfile, run `command`, return the file's new text. */
async function pinned(text: string, command: 'pin' | 'update' = 'pin'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'basepin-pin-'));
  try {
    await writeFile(path.join(dir, 'Dockerfile'), text);
    const report = await run({ command, cwd: dir, paths: [], config: emptyConfig, resolver });
    assert.deepEqual(
      report.entries.filter((entry) => entry.status === 'error').map((entry) => entry.message),
      [],
    );
    return await readFile(path.join(dir, 'Dockerfile'), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const cases: Array<[name: string, before: string, after: string]> = [
  ['plain FROM with a stage name', 'FROM node:20 AS build\n', `FROM node:20@${NODE} AS build\n`],
  [
    'implicit tag made explicit',
    'FROM alpine\n',
    `FROM alpine:latest@${digestOf('docker.io/library/alpine:latest')}\n`,
  ],
  [
    'flags and lower-case keyword',
    'from --platform=$BUILDPLATFORM node:20 as b\n',
    `from --platform=$BUILDPLATFORM node:20@${NODE} as b\n`,
  ],
  ['CRLF line endings', 'FROM node:20\r\nRUN echo hi\r\n', `FROM node:20@${NODE}\r\nRUN echo hi\r\n`],
  ['a UTF-8 BOM', '\uFEFFFROM node:20\n', `\uFEFFFROM node:20@${NODE}\n`],
  ['tabs and odd spacing', 'FROM \t  node:20\t \tAS   x\n', `FROM \t  node:20@${NODE}\t \tAS   x\n`],
  ['a continuation before the image', 'FROM \\\n  node:20 \\\n  AS x\n', `FROM \\\n  node:20@${NODE} \\\n  AS x\n`],
  [
    'the escape directive (backtick) with a continuation',
    '# escape=`\nFROM `\n  node:20\nRUN dir c:\\\n',
    `# escape=\`\nFROM \`\n  node:20@${NODE}\nRUN dir c:\\\n`,
  ],
  [
    'a global ARG holding the whole reference',
    'ARG BASE=node:20\nFROM ${BASE}\n',
    `ARG BASE=node:20@${NODE}\nFROM \${BASE}\n`,
  ],
  ['a quoted global ARG', 'ARG BASE="node:20"\nFROM $BASE\n', `ARG BASE="node:20@${NODE}"\nFROM $BASE\n`],
  [
    'one ARG used by two FROMs',
    'ARG B=node:20\nFROM ${B} AS a\nFROM ${B} AS b\n',
    `ARG B=node:20@${NODE}\nFROM \${B} AS a\nFROM \${B} AS b\n`,
  ],
  ['a default in place', 'ARG BASE\nFROM ${BASE:-node:20}\n', `ARG BASE\nFROM \${BASE:-node:20@${NODE}}\n`],
  ['a variable that supplies only the tag', 'ARG V=20\nFROM node:${V}\n', `ARG V=20@${NODE}\nFROM node:\${V}\n`],
  [
    'COPY --from, RUN --mount from= and the syntax directive',
    '# syntax=alpine:3.19\nFROM node:20\nCOPY --from=alpine:3.19 /a /a\nRUN --mount=type=cache,from=node:20,target=/c true\n',
    `# syntax=alpine:3.19@${ALPINE}\nFROM node:20@${NODE}\nCOPY --from=alpine:3.19@${ALPINE} /a /a\nRUN --mount=type=cache,from=node:20@${NODE},target=/c true\n`,
  ],
  [
    'stage names, --from=0, scratch, comments and heredocs are not references',
    'FROM scratch AS Base\n# FROM node:20\nFROM base\nCOPY --from=0 /a /b\nCOPY --from=BASE /a /b\nRUN <<EOF\nFROM node:20\nEOF\n',
    'FROM scratch AS Base\n# FROM node:20\nFROM base\nCOPY --from=0 /a /b\nCOPY --from=BASE /a /b\nRUN <<EOF\nFROM node:20\nEOF\n',
  ],
  [
    'variables basepin cannot place are left alone',
    'ARG V=1.22\nFROM golang:${V}-alpine\n',
    'ARG V=1.22\nFROM golang:${V}-alpine\n',
  ],
  [
    'a shared tag variable is left alone',
    'ARG V=20\nFROM node:${V}\nARG V\nRUN echo ${V}\n',
    'ARG V=20\nFROM node:${V}\nARG V\nRUN echo ${V}\n',
  ],
  [
    'a global ARG the stage does not re-declare is not another use (Docker scoping)',
    'ARG V=20\nFROM node:${V}\nRUN echo ${V}\n',
    `ARG V=20@${NODE}\nFROM node:\${V}\nRUN echo \${V}\n`,
  ],
];

for (const [name, before, after] of cases) {
  test(`pin: ${name}`, async () => {
    assert.equal(await pinned(before), after);
  });
}

test('update: a digest in an ARG default moves there; a current pin stays', async () => {
  assert.equal(
    await pinned(`ARG BASE=node:20@${OLD}\nFROM \${BASE}\n`, 'update'),
    `ARG BASE=node:20@${NODE}\nFROM \${BASE}\n`,
  );
  assert.equal(
    await pinned(`FROM node:20@${OLD}\r\nFROM alpine:3.19@${ALPINE}\r\n`, 'update'),
    `FROM node:20@${NODE}\r\nFROM alpine:3.19@${ALPINE}\r\n`,
  );
});

test('pin leaves existing pins alone, stale or not', async () => {
  const text = `FROM node:20@${OLD}\n`;
  assert.equal(await pinned(text), text);
});

test('confined to a directory, a link given explicitly that leads out of it is neither read nor written', async () => {
  const outside = await mkdtemp(path.join(tmpdir(), 'basepin-outside-'));
  const dir = await mkdtemp(path.join(tmpdir(), 'basepin-confined-'));
  try {
    await writeFile(path.join(outside, 'Dockerfile'), 'FROM node:20\n');
    await symlink(path.join(outside, 'Dockerfile'), path.join(dir, 'Dockerfile'));
    const report = await run({
      command: 'pin',
      cwd: dir,
      paths: ['Dockerfile'],
      config: emptyConfig,
      resolver,
      confineTo: dir,
    });
    assert.equal(report.entries.length, 0);
    assert.match(report.problems[0]!.message, /leads outside .* basepin leaves it alone/);
    assert.equal(await readFile(path.join(outside, 'Dockerfile'), 'utf8'), 'FROM node:20\n');
  } finally {
    await rm(outside, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  }
});
