/**
 * Which instructions of a Dockerfile see the default of a global ARG (one declared before the first FROM): the
 * uses that a digest written into that default would change. Docker's scoping rules decide it:
 *
 * - The global scope (the ARGs before the first FROM, and every FROM line, flags included) sees every global ARG,
 *   so each of these instructions that names V (`$V`, `${V...}`) is a use of V.
 * - A stage sees the global V only from where it declares it again without a value (`ARG V`), which brings in the
 *   global default. From there, each instruction of the stage that names V is a use, and so is each RUN, whose
 *   commands get V as an environment variable whether or not the instruction names it.
 * - `ARG V=value` in a stage gives V a default of its own, and `ENV V=value` an environment variable that wins over
 *   any ARG: from there, the stage's instructions no longer see the global default, so they are no uses of it.
 *   A later `ARG V` brings the global default back. (After an ENV, Docker still gives V the ENV value; basepin
 *   counts those uses all the same: more uses only means fewer pins, never a wrong one.)
 * - A stage built FROM an earlier stage starts with what that stage saw at its end: it inherits its ARGs and ENV.
 * - Anywhere else, V expands to nothing (no ARG V in the stage) or to a value of the stage's own: no use.
 *
 * An instruction is one use however often it names V. Names are read from the instruction as written, so a `$V`
 * that the shell would leave alone (escaped, in single quotes) counts too, on the same safe side.
 */
import { Arg, Env, Run, type Instruction } from 'dockerfile-ast';

/** `$NAME` and `${NAME...}`, capturing NAME (letters, digits and `_`, as BuildKit's lexer reads names). */
const VARIABLE = /\$\{?([\p{L}\p{Nd}_]+)/gu;

/** The uses of each global ARG's default, counted instruction by instruction in file order (see above). */
export class GlobalArgUses {
  private readonly counts = new Map<string, number>();
  /** The global ARGs the current stage sees. */
  private seen = new Set<string>();
  /** What each named stage sees (its own set: once the stage has ended, what it saw at its end). */
  private readonly stages = new Map<string, Set<string>>();

  /** Counts an instruction of the global scope: an ARG before the first FROM, or a FROM line. */
  inGlobalScope(text: string): void {
    this.countEach(namesIn(text));
  }

  /**
   * Starts a stage: `name` (lower-cased) if it has one, built from the earlier stages `parents` (none for an image;
   * several when a variable in the FROM leaves open which stage it names).
   */
  startStage(name: string | undefined, parents: readonly string[]): void {
    this.seen = new Set(parents.flatMap((parent) => [...(this.stages.get(parent) ?? [])]));
    if (name !== undefined) this.stages.set(name, this.seen);
  }

  /**
   * Counts an instruction of the current stage, whose text is `text`. Its own `ARG V` counts before its uses
   * (`ARG V W=$V` uses V), its `ARG V=value` and `ENV V=value` after them (`ENV V=$V-x` uses V).
   */
  inStage(instruction: Instruction, text: string): void {
    const declared = declarations(instruction);
    declared.imports.forEach((name) => this.seen.add(name));
    const used = instruction instanceof Run ? [...this.seen] : namesIn(text).filter((name) => this.seen.has(name));
    this.countEach(used);
    declared.shadows.forEach((name) => this.seen.delete(name));
  }

  /** How many instructions see the global default of ARG `name`. */
  count(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  private countEach(names: readonly string[]): void {
    for (const name of new Set(names)) this.counts.set(name, this.count(name) + 1);
  }
}

function namesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((match) => match[1]);
}

/** The names an instruction brings in with their global defaults (`ARG V`), and those it gives values of its own. */
function declarations(instruction: Instruction): { imports: string[]; shadows: string[] } {
  if (instruction instanceof Env) return { imports: [], shadows: instruction.getProperties().map((p) => p.getName()) };
  if (!(instruction instanceof Arg)) return { imports: [], shadows: [] };
  const properties = instruction.getProperties();
  const names = (withValue: boolean) =>
    properties.filter((p) => (p.getValueRange() !== null) === withValue).map((p) => p.getName());
  return { imports: names(false), shadows: names(true) };
}
