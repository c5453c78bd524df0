import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { dockerfileExtractor, extractDockerfile } from '../src/extract/sources/dockerfile.js';
import { ExtractError } from '../src/extract/errors.js';

/** What a test states about one Found: `span` is `text.slice(start, end)`. */
interface Expected {
  image: string;
  span: string;
  line: number;
  column: number;
  at?: { line: number; column: number };
  skip?: string;
}

function summarize(text: string): Expected[] {
  return extractDockerfile(text).map((found) => {
    assert.equal(found.kind, 'dockerfile');
    return {
      image: found.image,
      span: text.slice(found.start, found.end),
      line: found.line,
      column: found.column,
      ...(found.at ? { at: found.at } : {}),
      ...(found.skip ? { skip: found.skip } : {}),
    };
  });
}

function fixture(name: string): string {
  return readFileSync(new URL(`../../test/fixtures/dockerfile/${name}`, import.meta.url), 'utf8');
}

const digest = `sha256:${'ab'.repeat(32)}`;

interface Case {
  name: string;
  text: string;
  expected: Expected[];
}

function table(cases: Case[]): void {
  for (const { name, text, expected } of cases) {
    it(name, () => assert.deepEqual(summarize(text), expected));
  }
}

describe('dockerfile extractor: plain references', () => {
  table([
    {
      name: 'FROM with a tag',
      text: 'FROM node:20\n',
      expected: [{ image: 'node:20', span: 'node:20', line: 1, column: 6 }],
    },
    {
      name: 'keywords in any case, tabs between words, AS name',
      text: 'from\tnode:20\t AS\tbuild\nFrom  alpine:3.19\n',
      expected: [
        { image: 'node:20', span: 'node:20', line: 1, column: 6 },
        { image: 'alpine:3.19', span: 'alpine:3.19', line: 2, column: 7 },
      ],
    },
    {
      name: 'FROM with --platform',
      text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n',
      expected: [{ image: 'golang:1.22', span: 'golang:1.22', line: 1, column: 32 }],
    },
    {
      name: 'a pinned reference keeps its digest in the span',
      text: `FROM node:20@${digest}\n`,
      expected: [{ image: `node:20@${digest}`, span: `node:20@${digest}`, line: 1, column: 6 }],
    },
    {
      name: 'a quoted image: the span is inside the quotes',
      text: 'FROM "node:20"\nFROM \'alpine:3\'\n',
      expected: [
        { image: 'node:20', span: 'node:20', line: 1, column: 7 },
        { image: 'alpine:3', span: 'alpine:3', line: 2, column: 7 },
      ],
    },
    {
      name: 'earlier stages (any case), stage indexes and scratch are not references',
      text: 'FROM golang:1.22 AS Build\nFROM build\nFROM BUILD AS again\nFROM scratch\nCOPY --from=BUILD /a /b\nCOPY --from=0 /a /b\nCOPY --from=scratch /a /b\nRUN --mount=from=again,target=/x true\n',
      expected: [{ image: 'golang:1.22', span: 'golang:1.22', line: 1, column: 6 }],
    },
    {
      name: 'COPY --from may name a stage defined later',
      text: 'FROM alpine:3 AS one\nCOPY --from=two /a /b\nFROM busybox:1 AS two\n',
      expected: [
        { image: 'alpine:3', span: 'alpine:3', line: 1, column: 6 },
        { image: 'busybox:1', span: 'busybox:1', line: 3, column: 6 },
      ],
    },
    {
      name: 'COPY --from with an image, plain and quoted; ADD has no --from',
      text: 'FROM a\nCOPY --from=alpine:3 /a /b\nCOPY --chown=1 --from="busybox:1.36" /a /b\nADD --from=debian:12 /a /b\n',
      expected: [
        { image: 'a', span: 'a', line: 1, column: 6 },
        { image: 'alpine:3', span: 'alpine:3', line: 2, column: 13 },
        { image: 'busybox:1.36', span: 'busybox:1.36', line: 3, column: 24 },
      ],
    },
    {
      name: 'RUN --mount from= (any key case, several mounts); source= is not a reference',
      text: 'FROM a\nRUN --mount=type=bind,from=busybox:1.36,source=/bin,target=/b --mount=type=cache,FROM=alpine:3,target=/c \\\n    --mount=type=bind,source=debian:12,target=/d true\n',
      expected: [
        { image: 'a', span: 'a', line: 1, column: 6 },
        { image: 'busybox:1.36', span: 'busybox:1.36', line: 2, column: 28 },
        { image: 'alpine:3', span: 'alpine:3', line: 2, column: 87 },
      ],
    },
    {
      name: 'nothing in comments or heredoc bodies',
      text: '# FROM evil:1\nFROM a\n  # COPY --from=evil:2 / /\nRUN <<EOF\nFROM evil:3\nEOF\nCOPY <<EOT /x\nFROM evil:4\nEOT\nRUN --mount=from=b:1 <<EOF\nCOPY --from=evil:5 / /\nEOF\n',
      expected: [
        { image: 'a', span: 'a', line: 2, column: 6 },
        { image: 'b:1', span: 'b:1', line: 10, column: 18 },
      ],
    },
    {
      name: 'ONBUILD triggers are not read (they run in a later build)',
      text: 'FROM a\nONBUILD COPY --from=alpine:3 /a /b\n',
      expected: [{ image: 'a', span: 'a', line: 1, column: 6 }],
    },
    {
      name: 'an empty COPY --from names no image (BuildKit copies from the context)',
      text: 'FROM a\nCOPY --from= /a /b\n',
      expected: [{ image: 'a', span: 'a', line: 1, column: 6 }],
    },
  ]);
});

describe('dockerfile extractor: the syntax directive', () => {
  table([
    {
      name: 'a syntax directive names an image',
      text: '# syntax=docker/dockerfile:1.7\nFROM a\n',
      expected: [
        { image: 'docker/dockerfile:1.7', span: 'docker/dockerfile:1.7', line: 1, column: 10 },
        { image: 'a', span: 'a', line: 2, column: 6 },
      ],
    },
    {
      name: 'spaces around =, other directives, frontend options after the image',
      text: '#  check=skip=all\n#Syntax =  docker/dockerfile:1 opt=1  \n#escape=`\nFROM a\n',
      expected: [
        { image: 'docker/dockerfile:1', span: 'docker/dockerfile:1', line: 2, column: 12 },
        { image: 'a', span: 'a', line: 4, column: 6 },
      ],
    },
    {
      name: 'not a directive: after an instruction, a comment or a blank line; or indented',
      text: '# hello\n# syntax=x:1\nFROM a\n# syntax=y:1\n',
      expected: [{ image: 'a', span: 'a', line: 3, column: 6 }],
    },
    {
      name: 'not a directive after a blank line',
      text: '\n# syntax=x:1\nFROM a\n',
      expected: [{ image: 'a', span: 'a', line: 3, column: 6 }],
    },
    {
      name: 'an indented syntax line selects no frontend',
      text: '  # syntax=x:1\nFROM a\n',
      expected: [{ image: 'a', span: 'a', line: 2, column: 6 }],
    },
  ]);
});

describe('dockerfile extractor: variables', () => {
  table([
    {
      name: 'the whole reference is a global ARG: the span is its default',
      text: 'ARG BASE=node:20\nFROM ${BASE}\n',
      expected: [{ image: 'node:20', span: 'node:20', line: 1, column: 10, at: { line: 2, column: 6 } }],
    },
    {
      name: 'a quoted default keeps its quotes; $BASE works like ${BASE}',
      text: 'ARG BASE="node:20"\nFROM $BASE AS build\n',
      expected: [{ image: 'node:20', span: 'node:20', line: 1, column: 11, at: { line: 2, column: 6 } }],
    },
    {
      name: 'several ARGs in one instruction',
      text: 'ARG A=1 BASE=node:20 C\nFROM ${BASE}\n',
      expected: [{ image: 'node:20', span: 'node:20', line: 1, column: 14, at: { line: 2, column: 6 } }],
    },
    {
      name: 'one ARG used by two FROMs: one Found per use, with the same span',
      text: 'ARG BASE=node:20\nFROM ${BASE} AS a\nFROM $BASE AS b\nARG BASE\nLABEL base=$BASE\n',
      expected: [
        { image: 'node:20', span: 'node:20', line: 1, column: 10, at: { line: 2, column: 6 } },
        { image: 'node:20', span: 'node:20', line: 1, column: 10, at: { line: 3, column: 6 } },
      ],
    },
    {
      name: 'a digest already in an ARG default',
      text: `ARG BASE=node:20@${digest}\nFROM \${BASE}\n`,
      expected: [
        { image: `node:20@${digest}`, span: `node:20@${digest}`, line: 1, column: 10, at: { line: 2, column: 6 } },
      ],
    },
    {
      name: '${VAR:-default} with VAR undeclared, or declared without a default: the default in place',
      text: 'FROM ${BASE:-node:20}\nARG OTHER\nFROM ${OTHER-alpine:3}\n',
      expected: [
        { image: 'node:20', span: 'node:20', line: 1, column: 14 },
        { image: 'alpine:3', span: 'alpine:3', line: 3, column: 14 },
      ],
    },
    {
      name: '${VAR:-default} with VAR set: the ARG default',
      text: 'ARG BASE=node:18\nFROM ${BASE:-node:20}\n',
      expected: [{ image: 'node:18', span: 'node:18', line: 1, column: 10, at: { line: 2, column: 6 } }],
    },
    {
      name: ':- treats an empty value as unset, - does not',
      text: 'ARG EMPTY=\nFROM ${EMPTY:-node:20}\nFROM ${EMPTY-node:20}\n',
      expected: [
        { image: 'node:20', span: 'node:20', line: 2, column: 15 },
        { image: '${EMPTY-node:20}', span: '${EMPTY-node:20}', line: 3, column: 6, skip: 'the reference is empty' },
      ],
    },
    {
      name: 'an ARG supplies the end of the reference, used nowhere else: the span is its default',
      text: 'ARG V=20\nFROM node:${V}\n',
      expected: [{ image: 'node:20', span: '20', line: 1, column: 7, at: { line: 2, column: 6 } }],
    },
    {
      name: 'an ARG that supplies the end but is used elsewhere too: skipped',
      text: 'ARG V=20\nFROM node:${V}\nARG V\nRUN echo "$V"\n',
      expected: [
        {
          image: 'node:${V}',
          span: 'node:${V}',
          line: 2,
          column: 6,
          skip: 'ARG V is used elsewhere too; a digest in its value would change those uses',
        },
      ],
    },
    ...argScopeCases(),
    {
      name: 'a variable before the end: skipped',
      text: 'ARG V=1.22\nARG REGISTRY=ghcr.io\nFROM golang:${V}-alpine\nFROM ${REGISTRY}/app:1\n',
      expected: [
        {
          image: 'golang:${V}-alpine',
          span: 'golang:${V}-alpine',
          line: 3,
          column: 6,
          skip: 'a digest cannot be placed correctly: ${V} comes before the end of the reference',
        },
        {
          image: '${REGISTRY}/app:1',
          span: '${REGISTRY}/app:1',
          line: 4,
          column: 6,
          skip: 'a digest cannot be placed correctly: ${REGISTRY} comes before the end of the reference',
        },
      ],
    },
    {
      name: 'an ARG whose value is also part of a longer reference: skipped',
      text: 'ARG BASE=node:20\nFROM $BASE\nFROM ${BASE}-slim\n',
      expected: [
        {
          image: '$BASE',
          span: '$BASE',
          line: 2,
          column: 6,
          skip: 'ARG BASE is also part of a longer reference; a digest in its value would break it',
        },
        {
          image: '${BASE}-slim',
          span: '${BASE}-slim',
          line: 3,
          column: 6,
          skip: 'a digest cannot be placed correctly: ${BASE} comes before the end of the reference',
        },
      ],
    },
    {
      name: 'an ARG without a default, an undeclared variable, a platform ARG: skipped',
      text: 'ARG V\nFROM node:${V}\nFROM node:$NOPE\nFROM $TARGETARCH/alpine:3\n',
      expected: [
        { image: 'node:${V}', span: 'node:${V}', line: 2, column: 6, skip: 'ARG V has no default' },
        {
          image: 'node:$NOPE',
          span: 'node:$NOPE',
          line: 3,
          column: 6,
          skip: 'NOPE is not declared as an ARG before the first FROM',
        },
        {
          image: '$TARGETARCH/alpine:3',
          span: '$TARGETARCH/alpine:3',
          line: 4,
          column: 6,
          skip: 'TARGETARCH is set by BuildKit at build time',
        },
      ],
    },
    {
      name: ':+ and + forms use the word when the variable is set, as BuildKit does',
      text: 'ARG V=1\nFROM node:${V:+20}\nFROM node:${V+20}\nFROM node:20${NOPE:+x}\n',
      expected: [
        { image: 'node:20', span: '20', line: 2, column: 16 },
        { image: 'node:20', span: '20', line: 3, column: 15 },
        { image: 'node:20', span: 'node:20', line: 4, column: 6 },
      ],
    },
    {
      name: 'an ARG whose default uses a platform ARG is unknown, not empty (skipped, named)',
      text:
        'ARG A=${TARGETARCH}\nARG O=${TARGETOS:-linux}\nARG C=${A:+-x}\nARG P=$BUILDPLATFORM\n' +
        'FROM alpine:${A}\nFROM alpine:3${O}\nFROM alpine:3${C}\nFROM ${P}\n',
      expected: [
        {
          image: 'alpine:${A}',
          span: 'alpine:${A}',
          line: 5,
          column: 6,
          skip: 'ARG A depends on TARGETARCH: TARGETARCH is set by BuildKit at build time',
        },
        {
          image: 'alpine:3${O}',
          span: 'alpine:3${O}',
          line: 6,
          column: 6,
          skip: 'ARG O depends on TARGETOS: TARGETOS is set by BuildKit at build time',
        },
        {
          image: 'alpine:3${C}',
          span: 'alpine:3${C}',
          line: 7,
          column: 6,
          skip: 'ARG C depends on A: ARG A depends on TARGETARCH: TARGETARCH is set by BuildKit at build time',
        },
        {
          image: '${P}',
          span: '${P}',
          line: 8,
          column: 6,
          skip: 'ARG P depends on BUILDPLATFORM: BUILDPLATFORM is set by BuildKit at build time',
        },
      ],
    },
    {
      name: 'an ARG inside a stage does not change later FROMs',
      text: 'ARG V=20\nFROM a\nARG V=22\nFROM node:${V}\n',
      expected: [
        { image: 'a', span: 'a', line: 2, column: 6 },
        { image: 'node:20', span: '20', line: 1, column: 7, at: { line: 4, column: 6 } },
      ],
    },
    {
      name: 'an ARG default built from another ARG',
      text: 'ARG V=20\nARG BASE=node:${V}\nFROM ${BASE}\n',
      expected: [{ image: 'node:20', span: '20', line: 1, column: 7, at: { line: 3, column: 6 } }],
    },
    {
      name: 'an earlier stage named through a variable is not a reference',
      text: 'ARG FLAVOUR=slim\nFROM a AS build-slim\nFROM a AS build-amd64\nFROM build-${FLAVOUR}\nFROM build-${TARGETARCH}\n',
      expected: [
        { image: 'a', span: 'a', line: 2, column: 6 },
        { image: 'a', span: 'a', line: 3, column: 6 },
      ],
    },
    {
      name: 'BuildKit does not expand variables in COPY --from or RUN --mount from=',
      text: 'ARG IMG=alpine:3\nFROM a\nCOPY --from=${IMG} /a /b\nRUN --mount=type=bind,from=$IMG,target=/x true\n',
      expected: [
        { image: 'a', span: 'a', line: 2, column: 6 },
        {
          image: '${IMG}',
          span: '${IMG}',
          line: 3,
          column: 13,
          skip: 'BuildKit does not expand variables in COPY --from',
        },
        {
          image: '$IMG',
          span: '$IMG',
          line: 4,
          column: 28,
          skip: 'BuildKit does not expand variables in RUN --mount from=',
        },
      ],
    },
  ]);
});

/**
 * `ARG V=1` + `FROM base:${V}`: whether the digest goes into the ARG depends on which other instructions see the
 * global default of V (Docker's ARG scoping; see src/extract/dockerfile/arg-uses.ts).
 */
function argScopeCases(): Case[] {
  const pinnedInArg = (fromLine: number): Expected => ({
    image: 'base:1',
    span: '1',
    line: 1,
    column: 7,
    at: { line: fromLine, column: 6 },
  });
  const skipped = (fromLine: number): Expected => ({
    image: 'base:${V}',
    span: 'base:${V}',
    line: fromLine,
    column: 6,
    skip: 'ARG V is used elsewhere too; a digest in its value would change those uses',
  });
  return [
    {
      name: 'a stage that does not declare ARG V again does not see it: its RUN is no other use',
      text: 'ARG V=1\nFROM base:${V} AS a\nRUN echo ${V}\n',
      expected: [pinnedInArg(2)],
    },
    {
      name: 'another FROM line (global scope, flags included) is another use',
      text: 'ARG V=1\nFROM base:${V} AS a\nFROM --platform=$V other:2\n',
      expected: [skipped(2), { image: 'other:2', span: 'other:2', line: 3, column: 20 }],
    },
    {
      name: 'another global ARG whose default names V is another use',
      text: 'ARG V=1\nARG W=x-$V\nFROM base:${V}\n',
      expected: [skipped(3)],
    },
    {
      name: 'after ARG V in a stage, an instruction that names V is another use',
      text: 'ARG V=1\nFROM base:${V}\nARG V\nLABEL v=$V\n',
      expected: [skipped(2)],
    },
    {
      name: 'after ARG V in a stage, any RUN is another use (V is in its environment)',
      text: 'ARG V=1\nFROM base:${V}\nARG V\nRUN make\n',
      expected: [skipped(2)],
    },
    {
      name: 'before ARG V in a stage, naming V is no use',
      text: 'ARG V=1\nFROM base:${V}\nLABEL v=$V\nARG V\n',
      expected: [pinnedInArg(2)],
    },
    {
      name: 'ARG V=2 in a stage shadows the global default: the uses after it see 2',
      text: 'ARG V=1\nFROM base:${V}\nARG V=2\nRUN echo $V\n',
      expected: [pinnedInArg(2)],
    },
    {
      name: 'ENV V in a stage shadows the global default too',
      text: 'ARG V=1\nFROM base:${V}\nARG V\nENV V=2\nRUN echo $V\n',
      expected: [pinnedInArg(2)],
    },
    {
      name: 'a later ARG V brings the global default back',
      text: 'ARG V=1\nFROM base:${V}\nARG V=2\nARG V\nLABEL v=$V\n',
      expected: [skipped(2)],
    },
    {
      name: 'a stage built from a stage that declared ARG V inherits it',
      text: 'ARG V=1\nFROM base:${V} AS a\nARG V\nFROM a\nRUN make\n',
      expected: [skipped(2)],
    },
    {
      name: 'a stage built from an image does not',
      text: 'ARG V=1\nFROM base:${V} AS a\nARG V\nFROM other:2\nRUN make\n',
      expected: [pinnedInArg(2), { image: 'other:2', span: 'other:2', line: 4, column: 6 }],
    },
  ];
}

describe('dockerfile extractor: continuations, escape directive, line endings', () => {
  table([
    {
      name: 'a reference broken by a continuation: the span is its last physical piece',
      text: 'FROM no\\\nde:2\\\n0 AS x\n',
      expected: [{ image: 'node:20', span: '0', line: 3, column: 1, at: { line: 1, column: 6 } }],
    },
    {
      name: 'comment lines and blank lines inside a continuation are skipped',
      text: 'FROM \\\n  # the base\n\n  node:\\\n  # the tag\n \n20 \\\n  AS x\n',
      expected: [{ image: 'node:20', span: '20', line: 7, column: 1, at: { line: 4, column: 3 } }],
    },
    {
      name: 'a reference broken inside its host: the span is `se:1`, and line/column are where that span starts',
      text: 'FROM 127.0.0.1:5055/ba\\\nse:1 AS x\n',
      expected: [{ image: '127.0.0.1:5055/base:1', span: 'se:1', line: 2, column: 1, at: { line: 1, column: 6 } }],
    },
    {
      name: 'a continuation inside an ARG default',
      text: 'ARG BASE=node:\\\n20\nFROM $BASE\n',
      expected: [{ image: 'node:20', span: '20', line: 2, column: 1, at: { line: 3, column: 6 } }],
    },
    {
      name: 'the escape directive makes the backtick the continuation character',
      text: '# escape=`\nFROM node:`\n20 AS `\nbuild\nRUN echo C:\\\nFROM alpine:3\n',
      expected: [
        { image: 'node:20', span: '20', line: 3, column: 1, at: { line: 2, column: 6 } },
        { image: 'alpine:3', span: 'alpine:3', line: 6, column: 6 },
      ],
    },
    {
      name: 'an escape directive after a directive with trailing blanks still counts (as in BuildKit)',
      text: '# syntax=docker/dockerfile:1  \n# escape=`\nFROM no`\nde:20\n',
      expected: [
        { image: 'docker/dockerfile:1', span: 'docker/dockerfile:1', line: 1, column: 10 },
        { image: 'node:20', span: 'de:20', line: 4, column: 1, at: { line: 3, column: 6 } },
      ],
    },
    {
      name: 'an escape line after an unknown directive is a comment (as in BuildKit)',
      text: '# foo=bar\n# escape=`\nFROM no\\\nde:20\n',
      expected: [{ image: 'node:20', span: 'de:20', line: 4, column: 1, at: { line: 3, column: 6 } }],
    },
    {
      name: 'a lone escape character at the end of the file',
      text: 'FROM node:20\\',
      expected: [{ image: 'node:20', span: 'node:20', line: 1, column: 6 }],
    },
    {
      name: 'an escaped character inside the image',
      text: 'FROM node\\:20\n',
      expected: [{ image: 'node:20', span: ':20', line: 1, column: 11 }],
    },
  ]);

  it('CRLF line endings', () => {
    assert.deepEqual(summarize(fixture('crlf.Dockerfile')), [
      { image: 'node:20', span: 'node:20', line: 1, column: 10, at: { line: 2, column: 6 } },
      { image: 'alpine:3.19', span: '3.19', line: 6, column: 1, at: { line: 5, column: 29 } },
      { image: 'busybox:1.36', span: 'busybox:1.36', line: 8, column: 13 },
    ]);
  });

  it('a byte order mark is character 0 of the offsets, and takes no column', () => {
    const text = fixture('bom.Dockerfile');
    assert.equal(text.charCodeAt(0), 0xfeff);
    const found = extractDockerfile(text);
    assert.deepEqual(
      found.map((f) => [f.image, f.start, f.end, f.line, f.column]),
      [
        ['docker/dockerfile:1', 10, 29, 1, 10],
        ['debian:bookworm-slim', 35, 55, 2, 6],
      ],
    );
  });

  it('continuations in a file', () => {
    assert.deepEqual(summarize(fixture('continuation.Dockerfile')), [
      { image: 'golang:1.22', span: 'golang:1.22', line: 1, column: 6 },
      {
        image: 'gcr.io/distroless/static-debian12:nonroot',
        span: 'static-debian12:nonroot',
        line: 8,
        column: 1,
        at: { line: 5, column: 6 },
      },
    ]);
  });

  it('a Windows Dockerfile with the backtick escape (a trailing backslash continues nothing)', () => {
    assert.deepEqual(summarize(fixture('escape-backtick.Dockerfile')), [
      {
        image: 'mcr.microsoft.com/windows/servercore:ltsc2022',
        span: 'ltsc2022',
        line: 4,
        column: 1,
        at: { line: 3, column: 6 },
      },
      {
        image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022',
        span: 'mcr.microsoft.com/windows/nanoserver:ltsc2022',
        line: 7,
        column: 13,
      },
    ]);
  });
});

describe('dockerfile extractor: files BuildKit refuses', () => {
  it('an escape directive other than \\ or ` throws ExtractError at the value', () => {
    assert.throws(
      () => extractDockerfile('# escape=|\nFROM a\n'),
      (error: unknown) => error instanceof ExtractError && error.line === 1 && error.column === 10,
    );
  });

  it('a repeated directive throws ExtractError at the second', () => {
    assert.throws(
      () => extractDockerfile('# syntax=a:1\n# Syntax=b:1\nFROM a\n'),
      (error: unknown) => error instanceof ExtractError && error.line === 2 && error.column === 1,
    );
  });

  const fromShape = 'FROM requires either one argument, or three: FROM <source> [AS <name>]';
  const refused: { name: string; text: string; message: string; line: number; column: number }[] = [
    {
      name: 'a comment after the image (BuildKit reads `#` and the words after it as arguments)',
      text: 'FROM 127.0.0.1:5055/base:1 # not a comment\n',
      message: fromShape,
      line: 1,
      column: 1,
    },
    { name: 'FROM without an argument', text: 'FROM a\nRUN true\n  from\n', message: fromShape, line: 3, column: 3 },
    { name: 'FROM with only flags', text: 'FROM --platform=linux/amd64\n', message: fromShape, line: 1, column: 1 },
    { name: 'two words', text: 'FROM a b\n', message: fromShape, line: 1, column: 1 },
    { name: 'AS without a name', text: 'FROM a AS\n', message: fromShape, line: 1, column: 1 },
    { name: 'three words, the middle one not AS', text: 'FROM a FOR b\n', message: fromShape, line: 1, column: 1 },
    { name: 'four words', text: 'FROM a AS b c\n', message: fromShape, line: 1, column: 1 },
    {
      name: 'a continued line keeps its leading blanks, so this FROM has two words',
      text: 'FROM no\\\n  de:20\n',
      message: fromShape,
      line: 1,
      column: 1,
    },
    {
      name: 'a stage name BuildKit does not accept',
      text: 'FROM a AS 1st\n',
      message: 'invalid name for build stage: "1st", name can\'t start with a number or contain symbols',
      line: 1,
      column: 11,
    },
    {
      name: 'an image word BuildKit cannot expand',
      text: 'FROM ${}\n',
      message: 'failed to process "${}": syntax error: bad substitution',
      line: 1,
      column: 6,
    },
    {
      name: 'an unterminated quote',
      text: 'FROM "node:20\n',
      message: 'failed to process ""node:20": unexpected end of statement while looking for matching double-quote',
      line: 1,
      column: 6,
    },
    {
      name: 'a repeated COPY --from',
      text: 'FROM a\nCOPY --from=b:1 --from=c:1 /a /b\n',
      message: 'duplicate flag specified: from',
      line: 2,
      column: 17,
    },
  ];
  for (const { name, text, message, line, column } of refused) {
    it(`${name}: ExtractError`, () => {
      assert.throws(() => extractDockerfile(text), new ExtractError(message, line, column));
    });
  }

  it('an empty file or one with only comments has no references', () => {
    assert.deepEqual(extractDockerfile(''), []);
    assert.deepEqual(extractDockerfile('# nothing\n\n# here\n'), []);
  });
});

describe('dockerfile extractor: file names', () => {
  const cases: [string, boolean][] = [
    ['Dockerfile', true],
    ['Containerfile', true],
    ['app/Dockerfile', true],
    ['app/api.Dockerfile', true],
    ['app/api.dockerfile', true],
    ['Dockerfile.prod', true],
    ['deploy/Containerfile.arm64', true],
    ['Dockerfile.dockerignore', false],
    ['api.Dockerfile.dockerignore', false],
    ['Dockerfiles/README.md', false],
    ['dockerfile', true],
    ['app/containerfile', true],
    ['DockerFile', true],
    ['app/api.containerfile', true],
    ['src/dockerfile.ts', false],
    ['lib/dockerfile.py', false],
    ['.Dockerfile', false],
    ['Dockerfile.', false],
    ['MyDockerfile', false],
    ['docker-compose.yml', false],
  ];
  for (const [path, expected] of cases) {
    it(`${path}: ${expected}`, () => assert.equal(dockerfileExtractor.matches(path), expected));
  }
});
