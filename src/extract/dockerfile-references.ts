/**
 * The image references written in a parsed Dockerfile, in source order, with what is needed to decide where
 * their digests go: the FROM images (expanded with the global ARGs), `COPY --from` and `RUN --mount from=`.
 */
import { Arg, Copy, From, Run, type Dockerfile } from 'dockerfile-ast';
import { GlobalArgs, VariableUses } from './dockerfile-args.js';
import { flagValue, mountFrom } from './dockerfile-flags.js';
import type { AstRange, Located, SourceText } from './dockerfile-source.js';
import { expandWord, type Expansion } from './dockerfile-words.js';

/** A reference as the Dockerfile writes it. */
export type Written =
  /** A FROM image: the word as written (joined across line continuations) and its expansion. */
  | { kind: 'from'; word: Located; expansion: Expansion; earlierStages: readonly string[] }
  /** The value of `COPY --from` or of a mount's `from`, as BuildKit's flag reader leaves it. */
  | { kind: 'copy' | 'mount'; value: Located };

export interface References {
  written: Written[];
  /** Every stage name (`FROM ... AS name`), lower-cased. */
  stages: Set<string>;
  globals: GlobalArgs;
  uses: VariableUses;
}

/** Reads the references of `dockerfile`, parsed from `source` with `escape` as its escape character. */
export function readReferences(dockerfile: Dockerfile, source: SourceText, escape: string): References {
  const globals = new GlobalArgs(escape);
  const written: Written[] = [];
  const stages: string[] = [];
  const instructionTexts: string[] = [];
  const joined: Join = (range) => source.joined(range, escape);
  let inStage = false;

  for (const instruction of dockerfile.getInstructions()) {
    instructionTexts.push(source.slice(instruction.getRange()));
    if (instruction instanceof Arg && !inStage) {
      for (const property of instruction.getProperties()) {
        const valueRange = property.getValueRange();
        globals.declare(property.getName(), valueRange ? joined(valueRange) : undefined);
      }
    } else if (instruction instanceof From) {
      inStage = true;
      const from = readFrom(instruction, joined);
      if (!from) continue;
      const expansion = expandWord(from.image, escape, globals.lookup);
      written.push({ kind: 'from', word: from.image, expansion, earlierStages: [...stages] });
      if (from.stage) stages.push(from.stage);
    } else if (instruction instanceof Copy) {
      const range = copyFromRange(instruction);
      if (range) written.push({ kind: 'copy', value: flagValue(joined(range)) });
    } else if (instruction instanceof Run) {
      for (const value of mountValues(instruction, joined)) written.push({ kind: 'mount', value });
    }
  }
  return { written, stages: new Set(stages), globals, uses: new VariableUses(instructionTexts) };
}

type Join = (range: AstRange) => Located;

/** `FROM [flags] image [AS name]`; undefined for any other shape (BuildKit rejects it). */
function readFrom(instruction: From, joined: Join): { image: Located; stage?: string } | undefined {
  const words = instruction.getArguments().map((argument) => joined(argument.getRange()));
  if (words.length === 1) return { image: words[0] };
  if (words.length === 3 && /^as$/i.test(words[1].text)) return { image: words[0], stage: words[2].text.toLowerCase() };
  return undefined;
}

/** Where the value of `COPY --from` is (BuildKit refuses a repeated --from). */
function copyFromRange(instruction: Copy): AstRange | undefined {
  const flags = instruction.getFlags().filter((flag) => flag.getName() === 'from');
  return flags.length === 1 ? (flags[0].getValueRange() ?? undefined) : undefined;
}

/** The `from` values of an instruction's `--mount` flags. */
function mountValues(instruction: Run, joined: Join): Located[] {
  return instruction
    .getFlags()
    .filter((flag) => flag.getName() === 'mount')
    .flatMap((flag) => {
      const range = flag.getValueRange();
      const from = range ? mountFrom(flagValue(joined(range))) : undefined;
      return from ? [from] : [];
    });
}
