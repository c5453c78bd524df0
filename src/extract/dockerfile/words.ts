/**
 * Expansion of one Dockerfile word the way BuildKit's shell lexer (`shell.Lex.ProcessWord`) does it: quotes,
 * the escape character, `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`,
 * `${VAR:?message}` and `${VAR?message}`. Unlike BuildKit, the result remembers where each character came from:
 * copied from the word (with its offset in the file) or supplied by a variable. A variable whose value only the
 * build knows stays in the result as that variable, whatever its modifier, so that the reference is skipped with
 * its name. The forms basepin cannot follow (`${VAR#pattern}`, `${VAR%pattern}`, `${VAR/a/b}`) are reported as
 * unsupported rather than expanded.
 */
import type { Located } from './source.js';

/** A stretch of an expanded word. */
export type Piece =
  /** Characters copied from the source, each with its offset (`offsets.length === text.length`). */
  | { kind: 'text'; text: string; offsets: number[] }
  /** The value of a variable. */
  | { kind: 'variable'; name: string; binding: Binding };

/** What a variable stands for where it is used. */
export type Binding =
  /** A known value, itself an expanded word (the default of an ARG, located where the ARG wrote it). */
  | { kind: 'value'; text: string; pieces: Piece[] }
  /** Not set: it expands to nothing (or to the default of `${VAR:-default}`). `reason` says why it is unset. */
  | { kind: 'unset'; reason: string }
  /** Set, to a value only known at build time. */
  | { kind: 'unknown'; reason: string };

export type Lookup = (name: string) => Binding;

export type Expansion =
  | { kind: 'expanded'; text: string; pieces: Piece[] }
  /** A form basepin does not follow. */
  | { kind: 'unsupported'; reason: string }
  /** BuildKit rejects the word. */
  | { kind: 'invalid'; message: string };

/**
 * Expands `word` (already joined across line continuations) with `escape` as the escape character.
 * @throws NestingError when its substitutions nest deeper than SUBSTITUTION_MAX_DEPTH.
 */
export function expandWord(word: Located, escape: string, lookup: Lookup): Expansion {
  try {
    const pieces = new WordLexer(word, escape, lookup).word(undefined);
    recordDepth(pieces, word);
    return { kind: 'expanded', text: piecesText(pieces), pieces };
  } catch (error) {
    if (error instanceof Unsupported) return { kind: 'unsupported', reason: error.message };
    if (error instanceof Invalid) return { kind: 'invalid', message: error.message };
    throw error;
  }
}

/**
 * How deeply each expansion's values nest: `ARG B=${A}` holds A's pieces inside its own, and a chain of thousands of
 * ARGs would make every later walk over the pieces recursive that deep. Known for each expansion when it is made.
 */
const depths = new WeakMap<readonly Piece[], number>();

/** Records the depth of `pieces`, the expansion of `word`. @throws NestingError past SUBSTITUTION_MAX_DEPTH. */
function recordDepth(pieces: readonly Piece[], word: Located): void {
  let depth = 1;
  for (const piece of pieces) {
    if (piece.kind === 'variable' && piece.binding.kind === 'value') {
      depth = Math.max(depth, 1 + (depths.get(piece.binding.pieces) ?? 1));
    }
  }
  if (depth > SUBSTITUTION_MAX_DEPTH) throw new NestingError(word.offsets[0] ?? 0);
  depths.set(pieces, depth);
}

/** The text of expanded pieces (a variable with no known value adds nothing). */
export function piecesText(pieces: readonly Piece[]): string {
  return pieces.map(pieceText).join('');
}

export function pieceText(piece: Piece): string {
  if (piece.kind === 'text') return piece.text;
  return piece.binding.kind === 'value' ? piece.binding.text : '';
}

class Unsupported extends Error {}
class Invalid extends Error {}

/**
 * The deepest `${VAR:-${VAR:-...}}` basepin reads. Real Dockerfiles nest two or three; BuildKit has no limit, but the
 * lexer is recursive and a deep enough word would exhaust the stack.
 */
export const SUBSTITUTION_MAX_DEPTH = 100;

/** A word whose substitutions nest deeper than SUBSTITUTION_MAX_DEPTH; `offset` is where the too-deep one starts. */
export class NestingError extends Error {
  constructor(readonly offset: number) {
    super('too deeply nested');
    this.name = 'NestingError';
  }
}

const specialParameters = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);

class WordLexer {
  private position = 0;
  /** How many `${...}` the lexer is inside. */
  private depth = 0;

  constructor(
    private readonly source: Located,
    private readonly escape: string,
    private readonly lookup: Lookup,
  ) {}

  /** Reads up to `stop` (consumed) or, without one, to the end. */
  word(stop: string | undefined): Piece[] {
    const out = new PieceList();
    while (!this.atEnd()) {
      const ch = this.peek();
      if (ch === stop) {
        this.position++;
        return out.pieces;
      }
      if (ch === "'") this.singleQuoted(out);
      else if (ch === '"') this.doubleQuoted(out);
      else if (ch === '$') this.dollar(out);
      else if (ch === this.escape) {
        this.position++;
        if (!this.atEnd()) this.copy(out);
      } else this.copy(out);
    }
    if (stop !== undefined) throw new Invalid(`unexpected end of statement while looking for matching ${stop}`);
    return out.pieces;
  }

  private singleQuoted(out: PieceList): void {
    this.position++;
    for (;;) {
      if (this.atEnd()) throw new Invalid('unexpected end of statement while looking for matching single-quote');
      if (this.peek() === "'") {
        this.position++;
        return;
      }
      this.copy(out);
    }
  }

  private doubleQuoted(out: PieceList): void {
    this.position++;
    for (;;) {
      if (this.atEnd()) throw new Invalid('unexpected end of statement while looking for matching double-quote');
      const ch = this.peek();
      if (ch === '"') {
        this.position++;
        return;
      }
      if (ch === '$') {
        this.dollar(out);
      } else if (ch === this.escape) {
        this.position++;
        // The escape character escapes only `"`, `$` and itself; elsewhere it is an ordinary character.
        const next = this.atEnd() ? undefined : this.peek();
        if (next === '"' || next === '$' || next === this.escape) this.copy(out);
        else if (next !== undefined) out.addText(ch, this.source.offsets[this.position - 1]);
      } else {
        this.copy(out);
      }
    }
  }

  private dollar(out: PieceList): void {
    this.position++;
    if (this.peek() !== '{') {
      const name = this.name();
      if (name === '') out.addText('$', this.source.offsets[this.position - 1]);
      else out.addVariable(name, this.lookup(name));
      return;
    }
    if (this.depth === SUBSTITUTION_MAX_DEPTH) throw new NestingError(this.source.offsets[this.position - 1]);
    this.position++;
    const first = this.peek();
    if (first === undefined) throw new Invalid("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new Invalid('syntax error: bad substitution');
    this.depth++;
    this.braced(out, this.name());
    this.depth--;
  }

  /** The rest of `${name...}`, after the name. */
  private braced(out: PieceList, name: string): void {
    let operator = this.next();
    if (operator === '}') {
      out.addVariable(name, this.lookup(name));
      return;
    }
    const nullIsUnset = operator === ':';
    if (nullIsUnset) operator = this.next();
    const modifier = `${nullIsUnset ? ':' : ''}${operator ?? ''}`;
    if (operator === '/' && !nullIsUnset) throw new Unsupported(`\${${name}/...} substitution is not supported`);
    if (operator === undefined || !['+', '-', '?', '#', '%'].includes(operator)) {
      throw new Invalid(`unsupported modifier (${modifier}) in substitution`);
    }
    if (operator !== '-' && operator !== '+' && operator !== '?') {
      throw new Unsupported(`\${${name}${modifier}...} substitution is not supported`);
    }
    const word = this.word('}');
    const binding = this.lookup(name);
    const isUnset = binding.kind === 'unset' || (nullIsUnset && binding.kind === 'value' && binding.text === '');
    if (binding.kind === 'unknown') {
      // Whichever way the build goes, the word depends on a value only the build knows.
      out.addVariable(name, binding);
    } else if (operator === '-') {
      if (isUnset) out.addPieces(word);
      else out.addVariable(name, binding);
    } else if (operator === '+') {
      if (!isUnset) out.addPieces(word);
    } else if (isUnset) {
      throw new Invalid(`${name}: ${piecesText(word) || 'is not allowed to be unset'}`);
    } else {
      out.addVariable(name, binding);
    }
  }

  /** A variable name: letters, digits and `_`; or a run of digits; or one special parameter. */
  private name(): string {
    const first = this.peek();
    if (first === undefined) return '';
    if (isDigit(first)) return this.takeWhile(isDigit);
    if (specialParameters.has(first)) {
      this.position++;
      return first;
    }
    return this.takeWhile((ch) => isDigit(ch) || ch === '_' || /\p{L}/u.test(ch));
  }

  private takeWhile(accept: (ch: string) => boolean): string {
    const start = this.position;
    while (!this.atEnd() && accept(this.peek() as string)) this.position++;
    return this.source.text.slice(start, this.position);
  }

  private copy(out: PieceList): void {
    out.addText(this.source.text[this.position], this.source.offsets[this.position]);
    this.position++;
  }

  private peek(): string | undefined {
    return this.source.text[this.position];
  }

  private next(): string | undefined {
    return this.source.text[this.position++];
  }

  private atEnd(): boolean {
    return this.position >= this.source.text.length;
  }
}

function isDigit(ch: string): boolean {
  return /\p{Nd}/u.test(ch);
}

/** Pieces being built; adjacent copied characters share one text piece. */
class PieceList {
  readonly pieces: Piece[] = [];

  addText(text: string, offset: number): void {
    const last = this.pieces.at(-1);
    if (last?.kind === 'text') {
      last.text += text;
      last.offsets.push(offset);
    } else {
      this.pieces.push({ kind: 'text', text, offsets: [offset] });
    }
  }

  addVariable(name: string, binding: Binding): void {
    this.pieces.push({ kind: 'variable', name, binding });
  }

  addPieces(pieces: Piece[]): void {
    for (const piece of pieces) {
      if (piece.kind === 'text') piece.offsets.forEach((offset, i) => this.addText(piece.text[i], offset));
      else this.pieces.push(piece);
    }
  }
}
