import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Located } from '../src/extract/dockerfile/source.js';
import { expandWord, type Binding, type Lookup, type Piece } from '../src/extract/dockerfile/words.js';

/** A word whose characters sit at offsets 0, 1, 2, ... */
function word(text: string): Located {
  return { text, offsets: [...text].map((_, i) => i) };
}

function value(text: string): Binding {
  return { kind: 'value', text, pieces: [{ kind: 'text', text, offsets: [] }] };
}

function lookupIn(env: Record<string, string>): Lookup {
  return (name) => (name in env ? value(env[name]) : { kind: 'unset', reason: `${name} is unset` });
}

/** Pieces with variables shown by name, for comparison. */
function shape(pieces: Piece[]): (string | [string, number[]])[] {
  return pieces.map((piece) => (piece.kind === 'text' ? [piece.text, piece.offsets] : `$${piece.name}`));
}

function expandShape(text: string, env: Record<string, string> = {}, escape = '\\') {
  const expansion = expandWord(word(text), escape, lookupIn(env));
  assert.equal(expansion.kind, 'expanded', `${text}: ${JSON.stringify(expansion)}`);
  return expansion.kind === 'expanded' ? { text: expansion.text, pieces: shape(expansion.pieces) } : undefined;
}

describe('expandWord: where each character comes from', () => {
  it('plain text keeps its offsets', () => {
    assert.deepEqual(expandShape('node:20'), { text: 'node:20', pieces: [['node:20', [0, 1, 2, 3, 4, 5, 6]]] });
  });

  it('quotes are removed', () => {
    assert.deepEqual(expandShape(`"no"'de'`), { text: 'node', pieces: [['node', [1, 2, 5, 6]]] });
  });

  it('the escape character takes the next character literally', () => {
    assert.deepEqual(expandShape('a\\:b'), { text: 'a:b', pieces: [['a:b', [0, 2, 3]]] });
    assert.deepEqual(expandShape('a`:b', {}, '`'), { text: 'a:b', pieces: [['a:b', [0, 2, 3]]] });
    assert.deepEqual(expandShape('a\\:b', {}, '`'), { text: 'a\\:b', pieces: [['a\\:b', [0, 1, 2, 3]]] });
  });

  it('inside double quotes the escape character only escapes ", $ and itself', () => {
    assert.deepEqual(expandShape('"a\\tb\\$c"'), { text: 'a\\tb$c', pieces: [['a\\tb$c', [1, 2, 3, 4, 6, 7]]] });
  });

  it('a variable is a piece of its own', () => {
    assert.deepEqual(expandShape('node:${V}', { V: '20' }), {
      text: 'node:20',
      pieces: [['node:', [0, 1, 2, 3, 4]], '$V'],
    });
    assert.deepEqual(expandShape('$V-x', { V: '20' }), { text: '20-x', pieces: ['$V', ['-x', [2, 3]]] });
  });

  it('a default is expanded in place when the variable is unset', () => {
    assert.deepEqual(expandShape('${B:-a${V}b}', { V: '1' }), {
      text: 'a1b',
      pieces: [['a', [5]], '$V', ['b', [10]]],
    });
    assert.deepEqual(expandShape('${B:-x}', { B: 'y' }), { text: 'y', pieces: ['$B'] });
  });

  it('an unset variable is a piece with no text', () => {
    assert.deepEqual(expandShape('a$NOPE'), { text: 'a', pieces: [['a', [0]], '$NOPE'] });
  });

  it('forms basepin does not follow are unsupported, with the form named', () => {
    for (const [text, reason] of [
      ['${V:%x}', '${V:%...} substitution is not supported'],
      ['${V#x}', '${V#...} substitution is not supported'],
      ['${V%%x}', '${V%...} substitution is not supported'],
      ['${V/a/b}', '${V/...} substitution is not supported'],
    ]) {
      assert.deepEqual(expandWord(word(text), '\\', lookupIn({ V: '1' })), { kind: 'unsupported', reason });
    }
  });

  it('a variable only the build knows stays a variable under :-, :+ and :?', () => {
    const lookup = (name: string): Binding =>
      name === 'T'
        ? { kind: 'unknown', reason: 'T is set by BuildKit at build time' }
        : { kind: 'unset', reason: `${name} unset` };
    for (const text of ['${T:-x}', '${T:+x}', '${T+x}', '${T:?x}']) {
      const expansion = expandWord(word(text), '\\', lookup);
      assert.deepEqual(
        expansion.kind === 'expanded' ? expansion.pieces.map((piece) => piece.kind) : expansion,
        ['variable'],
        text,
      );
    }
  });

  it('what BuildKit rejects is invalid', () => {
    for (const text of ['${}', '${V', '"abc', "'abc", '${V:x}', '${:-x}']) {
      assert.equal(expandWord(word(text), '\\', lookupIn({})).kind, 'invalid', text);
    }
  });
});

/**
 * BuildKit's own expansion cases (frontend/dockerfile/shell/envVarTest, see its README): every case basepin
 * supports must give BuildKit's result; the others must be reported as unsupported, never expanded wrongly.
 */
describe('expandWord: BuildKit envVarTest', () => {
  const file = readFileSync(
    new URL('../../test/fixtures/conformance/dockerfile/shell/envVarTest', import.meta.url),
    'utf8',
  );
  const env = lookupIn({ PWD: '/home', SHELL: 'bash', KOREAN: '한국어', NULL: '' });
  const cases = file
    .split('\n')
    .filter((line) => !line.startsWith('#') && line.trim() !== '')
    .map((line) =>
      line
        .trim()
        .split('|')
        .map((field) => field.trim()),
    )
    .filter(([platform]) => platform !== 'W');

  it('reads the file: 228 Unix cases', () => {
    assert.equal(cases.length, 228);
    assert.ok(cases.every((fields) => fields.length === 3));
  });

  it('every supported case matches BuildKit', () => {
    let compared = 0;
    for (const [, source, expected] of cases) {
      const expansion = expandWord(word(source), '\\', env);
      if (expansion.kind === 'unsupported') {
        assert.match(source, /\$\{[^}]*[+?#%/]/, `${source} is unsupported`);
        continue;
      }
      compared++;
      if (expected === 'error') assert.equal(expansion.kind, 'invalid', source);
      else assert.deepEqual(expansion.kind === 'expanded' ? expansion.text : expansion, expected, source);
    }
    assert.equal(compared, 228);
  });
});
