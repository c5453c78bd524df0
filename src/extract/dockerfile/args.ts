/**
 * Build arguments as a FROM sees them. (Which other instructions see them: arg-uses.ts.)
 *
 * BuildKit expands a FROM with the global ARGs only: those declared before the first FROM, each default
 * expanded with the global ARGs before it. An ARG inside a stage does not change later FROMs. The platform
 * ARGs (`TARGETARCH`, ...) are set by BuildKit itself unless a global ARG gives them a default; a default that
 * uses one (`ARG V=${TARGETARCH}`, `ARG V=${TARGETOS:-linux}`) is as unknown as they are. An undeclared ARG
 * expands to nothing in a default, as in BuildKit.
 */
import type { Located } from './source.js';
import { expandWord, type Binding, type Piece } from './words.js';

const builtinArgs = [
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDOSVERSION',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETOSVERSION',
  'TARGETARCH',
  'TARGETVARIANT',
  'TARGETSTAGE',
];

/** The global ARGs declared so far. */
export class GlobalArgs {
  private readonly bindings = new Map<string, Binding>(
    builtinArgs.map((name) => [name, { kind: 'unknown', reason: `${name} is set by BuildKit at build time` }]),
  );

  constructor(private readonly escape: string) {}

  /** Declares `ARG name` (no default: `value` undefined) or `ARG name=value`. */
  declare(name: string, value: Located | undefined): void {
    if (value === undefined) {
      if (!this.bindings.has(name)) this.bindings.set(name, { kind: 'unset', reason: `ARG ${name} has no default` });
      return;
    }
    const expansion = expandWord(value, this.escape, this.lookup);
    if (expansion.kind === 'expanded') {
      // `ARG V=${TARGETARCH}`: a default made from a value only the build knows is itself unknown, not empty.
      const unknown = expansion.pieces.flatMap((piece) =>
        piece.kind === 'variable' && piece.binding.kind === 'unknown'
          ? [{ name: piece.name, reason: piece.binding.reason }]
          : [],
      )[0];
      if (unknown !== undefined) {
        this.bindings.set(name, {
          kind: 'unknown',
          reason: `ARG ${name} depends on ${unknown.name}: ${unknown.reason}`,
        });
      } else {
        this.bindings.set(name, { kind: 'value', text: expansion.text, pieces: expansion.pieces });
      }
    } else {
      const why = expansion.kind === 'unsupported' ? expansion.reason : expansion.message;
      this.bindings.set(name, { kind: 'unknown', reason: `the default of ARG ${name} cannot be read: ${why}` });
    }
  }

  /** What `name` stands for in a FROM. */
  readonly lookup = (name: string): Binding =>
    this.bindings.get(name) ?? { kind: 'unset', reason: `${name} is not declared as an ARG before the first FROM` };

  /** The expanded defaults of the global ARGs that have one. */
  defaults(): Piece[][] {
    return [...this.bindings.values()].flatMap((binding) => (binding.kind === 'value' ? [binding.pieces] : []));
  }
}

/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
