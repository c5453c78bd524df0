/**
 * Where the digest of an expanded reference goes: the text that supplies the end of the reference, either
 * in the instruction itself or in the default value of a global ARG.
 */
import { lastContiguousRun } from './source.js';
import { pieceText, type Binding, type Piece } from './words.js';

export type Placement =
  /** The digest goes at the end of `[start, end)`; `inArg` when that is in an ARG's default, not the instruction. */
  { kind: 'span'; start: number; end: number; inArg: boolean } | { kind: 'skip'; reason: string };

export interface PlacementRules {
  /** How many instructions see the global default of ARG `name`, the FROM being placed among them. */
  uses(name: string): number;
  /** Whether this ARG value also makes up only part of some reference (`FROM ${BASE}-slim`). */
  isPartOfLongerReference(binding: Binding): boolean;
}

/**
 * Places the digest of a reference expanded into `pieces`:
 * - the reference ends in text written in place (including the default of `${VAR:-default}`): the last
 *   contiguous stretch of that text;
 * - it is wholly one ARG (`FROM ${BASE}`): inside that ARG's default, unless the same value also makes up part
 *   of a longer reference elsewhere, which a digest in it would break;
 * - an ARG supplies only its end (`FROM node:${V}`): inside that ARG's default, only if no other instruction
 *   sees that default (a digest in a shared value would change its other uses);
 * - a variable anywhere before the end (`${REGISTRY}/app:1`), or one with no known value: nowhere (a skip).
 */
export function placeDigest(pieces: readonly Piece[], rules: PlacementRules): Placement {
  const resolved = resolve(pieces);
  if (typeof resolved === 'string') return skip(resolved);
  const present = resolved.filter((piece) => pieceText(piece) !== '');
  const last = present.at(-1);
  if (last === undefined) return skip('the reference is empty');
  const before = present.slice(0, -1);
  const early = before.find((piece) => piece.kind === 'variable');
  if (early?.kind === 'variable') {
    return skip(`a digest cannot be placed correctly: \${${early.name}} comes before the end of the reference`);
  }
  if (last.kind === 'text') return { kind: 'span', ...lastContiguousRun(last), inArg: false };
  if (before.length > 0 && rules.uses(last.name) !== 1) {
    return skip(`ARG ${last.name} is used elsewhere too; a digest in its value would change those uses`);
  }
  if (before.length === 0 && rules.isPartOfLongerReference(last.binding)) {
    return skip(`ARG ${last.name} is also part of a longer reference; a digest in its value would break it`);
  }
  const inner = placeDigest(last.binding.pieces, rules);
  return inner.kind === 'span' ? { ...inner, inArg: true } : inner;
}

function skip(reason: string): Placement {
  return { kind: 'skip', reason };
}

type ValueBinding = Extract<Binding, { kind: 'value' }>;
type ResolvedPiece = Extract<Piece, { kind: 'text' }> | { kind: 'variable'; name: string; binding: ValueBinding };

/** The pieces, if every variable in them has a known value; otherwise why one has none. */
function resolve(pieces: readonly Piece[]): ResolvedPiece[] | string {
  const resolved: ResolvedPiece[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'text') resolved.push(piece);
    else if (piece.binding.kind !== 'value') return piece.binding.reason;
    else resolved.push({ kind: 'variable', name: piece.name, binding: piece.binding });
  }
  return resolved;
}

/**
 * The ARG values that make up only part of some reference: a variable next to other text in one of `words`,
 * or in the value of an ARG those words (or other such values) use.
 */
export function partsOfLongerReferences(words: readonly (readonly Piece[])[]): Set<Binding> {
  const parts = new Set<Binding>();
  const visited = new Set<Binding>();
  const visit = (pieces: readonly Piece[]): void => {
    const present = pieces.filter((piece) => pieceText(piece) !== '');
    for (const piece of present) {
      if (piece.kind !== 'variable') continue;
      if (present.length > 1) parts.add(piece.binding);
      if (piece.binding.kind === 'value' && !visited.has(piece.binding)) {
        visited.add(piece.binding);
        visit(piece.binding.pieces);
      }
    }
  };
  words.forEach(visit);
  return parts;
}
