import assert from 'node:assert/strict';
import test from 'node:test';
import { applyPatch, createTwoFilesPatch } from 'diff';
import { unifiedDiff } from '../src/cli/line-diff.js';

const PIN = `@sha256:${'a'.repeat(64)}`;

/** `text` with the lines at `changed` (0-based) pinned. */
function pinned(text: string, changed: number[]): string {
  return text
    .split('\n')
    .map((line, index) => (changed.includes(index) ? `${line}${PIN}` : line))
    .join('\n');
}

test("the in-place line diff is the diff library's, for files whose edits change lines but not their number", () => {
  const lines = Array.from({ length: 40 }, (_, index) => `FROM image${index}:1`);
  const cases: [string, number[]][] = [];
  for (const ending of ['\n', '', '\r\n']) {
    const text = lines.join(ending === '\r\n' ? '\r\n' : '\n') + ending;
    for (const changed of [
      [0],
      [39],
      [0, 1, 2],
      [5, 9],
      [5, 12],
      [5, 11],
      [0, 39],
      [3, 4, 20, 21, 22, 38],
      lines.map((_, i) => i),
    ]) {
      cases.push([text, changed]);
    }
  }
  for (const [before, changed] of cases) {
    const after = pinned(before, changed);
    const expected = createTwoFilesPatch('a/f', 'b/f', before, after, '', '', { context: 3 });
    assert.equal(unifiedDiff('a/f', 'b/f', before, after, 3), expected, JSON.stringify(changed));
    assert.equal(applyPatch(before, unifiedDiff('a/f', 'b/f', before, after, 3)), after);
  }
});

test("a diff that adds lines (kustomize's digest field) is the diff library's own", () => {
  const before = 'images:\n  - name: a\n    newTag: "1"\n';
  const after = `images:\n  - name: a\n    newTag: "1"\n    digest: sha256:${'a'.repeat(64)}\n`;
  assert.equal(
    unifiedDiff('a/k', 'b/k', before, after, 3),
    createTwoFilesPatch('a/k', 'b/k', before, after, '', '', { context: 3 }),
  );
});
