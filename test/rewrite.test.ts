import assert from 'node:assert/strict';
import test from 'node:test';
import type { Found } from '../src/extract/types.js';
import { applyEdits, RewriteError, verifyRewrite } from '../src/plan/rewrite.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

/** A found reference whose span is the first occurrence of `span` in `text`. */
function found(text: string, image: string, span: string, extra: Partial<Found> = {}): Found {
  const start = text.indexOf(span);
  assert.ok(start >= 0, `${span} is in the text`);
  return { kind: 'dockerfile', image, start, end: start + span.length, line: 1, column: start + 1, ...extra };
}

test('replaces the whole reference, making an implicit tag explicit', () => {
  const text = 'FROM nginx AS web\n';
  assert.equal(
    applyEdits(text, [{ found: found(text, 'nginx', 'nginx'), digest: D1 }]),
    `FROM nginx:latest@${D1} AS web\n`,
  );
});

test('replaces an old digest, keeping the tag and every other byte', () => {
  const text = `\uFEFFFROM\treg:5000/a/b:1.2@${D1}\r\nRUN x\r\n`;
  const image = `reg:5000/a/b:1.2@${D1}`;
  assert.equal(
    applyEdits(text, [{ found: found(text, image, image), digest: D2 }]),
    `\uFEFFFROM\treg:5000/a/b:1.2@${D2}\r\nRUN x\r\n`,
  );
});

test('a span that holds only the end of the reference (ARG V=20 + FROM node:${V}) gets only its end', () => {
  const text = 'ARG V=20\nFROM node:${V}\n';
  assert.equal(
    applyEdits(text, [{ found: found(text, 'node:20', '20'), digest: D1 }]),
    `ARG V=20@${D1}\nFROM node:\${V}\n`,
  );
});

test('a template writes a separate digest field', () => {
  const text = 'images:\n  - name: nginx\n    newTag: "1.25"\n';
  const at = text.length - 1;
  const edit = {
    found: { ...found(text, 'nginx:1.25', 'nginx'), start: at, end: at, template: '\n    digest: {digest}' },
    digest: D1,
  };
  assert.equal(applyEdits(text, [edit]), `images:\n  - name: nginx\n    newTag: "1.25"\n    digest: ${D1}\n`);
});

test('edits of one shared span must agree', () => {
  const text = 'ARG B=node:20\nFROM ${B}\nFROM ${B}\n';
  const one = found(text, 'node:20', 'node:20');
  assert.equal(
    applyEdits(text, [
      { found: one, digest: D1 },
      { found: { ...one }, digest: D1 },
    ]),
    `ARG B=node:20@${D1}\nFROM \${B}\nFROM \${B}\n`,
  );
  assert.throws(
    () =>
      applyEdits(text, [
        { found: one, digest: D1 },
        { found: { ...one }, digest: D2 },
      ]),
    RewriteError,
  );
});

test('a span that is not the end of its image is refused', () => {
  const text = 'FROM golang:1.22-alpine\n';
  assert.throws(
    () => applyEdits(text, [{ found: found(text, 'golang:1.22-alpine', '1.22'), digest: D1 }]),
    /cannot place a digest/,
  );
});

test('verification: the edited references changed to their pinned form, the rest are unchanged', () => {
  const before = [found('FROM a\n', 'a', 'a'), found('FROM a\n', 'b:1', 'a')];
  const edits = [{ found: before[0]!, digest: D1 }];
  verifyRewrite(before, [{ ...before[0]!, image: `a:latest@${D1}` }, before[1]!], edits);
  assert.throws(() => verifyRewrite(before, [before[1]!], edits), /holds 1 references instead of 2/);
  assert.throws(
    () =>
      verifyRewrite(
        before,
        [
          { ...before[0]!, image: `a:latest@${D1}` },
          { ...before[1]!, image: 'b:2' },
        ],
        edits,
      ),
    /"b:1" reads as "b:2"/,
  );
  assert.throws(() => verifyRewrite(before, before, edits), RewriteError);
});
