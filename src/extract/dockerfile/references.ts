/**
 * The image references written in a parsed Dockerfile, in source order, with what is needed to decide where
 * their digests go: the FROM images (expanded with the global ARGs), `COPY --from` and `RUN --mount from=`.
 */
import { Arg, Copy, From, Run, type Dockerfile, type Instruction } from 'dockerfile-ast';
import { GlobalArgUses } from './arg-uses.js';
import { escapeRegExp, GlobalArgs } from './args.js';
import { flagValue, mountFrom } from './flags.js';
import type { AstRange, Located, SourceText } from './source.js';
import { expandWord, pieceText, type Expansion } from './words.js';
import { extractErrorAt } from '../common/found-at.js';

/** A FROM word's expansion: BuildKit refuses a FROM whose word it cannot expand, so there is no `invalid` one. */
export type FromExpansion = Exclude<Expansion, { kind: 'invalid' }>;

/** A reference as the Dockerfile writes it. */
export type Written =
  /**
   * A FROM image: the word as written (joined across line continuations), its expansion, and the earlier stages
   * it names (lower-cased; empty when it names an image).
   */
  | { kind: 'from'; word: Located; expansion: FromExpansion; namedStages: string[] }
  /** The value of `COPY --from` or of a mount's `from`, as BuildKit's flag reader leaves it. */
  | { kind: 'copy' | 'mount'; value: Located };

export interface References {
  written: Written[];
  /** Every stage name (`FROM ... AS name`), lower-cased. */
  stages: Set<string>;
  globals: GlobalArgs;
  uses: GlobalArgUses;
}

/**
 * Reads the references of `dockerfile`, parsed from `source` with `escape` as its escape character.
 * Throws ExtractError where BuildKit refuses an instruction basepin reads: a FROM that is not
 * `FROM [flags] image [AS name]`, has an invalid stage name or a word that cannot be expanded; a COPY with two
 * `--from` flags.
 */
export function readReferences(dockerfile: Dockerfile, source: SourceText, escape: string): References {
  const globals = new GlobalArgs(escape);
  const uses = new GlobalArgUses();
  const written: Written[] = [];
  const stages = new Set<string>();
  const joined: Join = (range) => source.joined(range, escape);
  let inStage = false;

  for (const instruction of dockerfile.getInstructions()) {
    const text = source.slice(instruction.getRange());
    if (instruction instanceof From) {
      inStage = true;
      uses.inGlobalScope(text);
      const { image, stage } = readFrom(instruction, source, joined);
      const expansion = expandFrom(image, escape, globals, source);
      const named = stagesNamed(expansion, stages);
      written.push({ kind: 'from', word: image, expansion, namedStages: named });
      uses.startStage(stage, named);
      if (stage) stages.add(stage);
    } else if (inStage) {
      uses.inStage(instruction, text);
    } else {
      uses.inGlobalScope(text);
      if (instruction instanceof Arg) declareGlobals(globals, instruction, joined);
    }
    written.push(...flagReferences(instruction, source, joined));
  }
  return { written, stages, globals, uses };
}

type Join = (range: AstRange) => Located;

/** BuildKit's rule for stage names, checked on the lower-cased name. */
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

/** `FROM [flags] image [AS name]`, the stage name lower-cased. Throws ExtractError for any other shape. */
function readFrom(instruction: From, source: SourceText, joined: Join): { image: Located; stage?: string } {
  const words = instruction.getArguments().map((argument) => joined(argument.getRange()));
  if (words.length === 1) return { image: words[0] };
  if (words.length !== 3 || !/^as$/i.test(words[1].text)) {
    const start = source.offsetAt(instruction.getRange().start);
    throw extractErrorAt(source.text, start, 'FROM requires either one argument, or three: FROM <source> [AS <name>]');
  }
  const [image, , name] = words;
  if (!STAGE_NAME.test(name.text.toLowerCase())) {
    const message = `invalid name for build stage: "${name.text}", name can't start with a number or contain symbols`;
    throw extractErrorAt(source.text, name.offsets[0], message);
  }
  return { image, stage: name.text.toLowerCase() };
}

/** The FROM word expanded with the global ARGs. Throws ExtractError when BuildKit cannot expand it. */
function expandFrom(image: Located, escape: string, globals: GlobalArgs, source: SourceText): FromExpansion {
  const expansion = expandWord(image, escape, globals.lookup);
  if (expansion.kind !== 'invalid') return expansion;
  throw extractErrorAt(source.text, image.offsets[0], `failed to process "${image.text}": ${expansion.message}`);
}

/**
 * The earlier stages a FROM names, case-insensitively (`scratch` is none). A variable with no known value matches
 * anything, so `FROM build-${TARGETARCH}` names the stages `build-amd64`, ...; a word that is nothing but such a
 * variable is taken for an image.
 */
function stagesNamed(expansion: FromExpansion, stages: ReadonlySet<string>): string[] {
  if (expansion.kind !== 'expanded') return [];
  const parts = expansion.pieces.map((piece) =>
    piece.kind === 'variable' && piece.binding.kind !== 'value' ? undefined : pieceText(piece),
  );
  if (!parts.some((part) => part !== undefined && part !== '')) return [];
  // Stage names are lower-cased: a word with no unknown variable names at most one of them, found without a scan.
  if (!parts.includes(undefined)) {
    const name = parts.join('').toLowerCase();
    return stages.has(name) ? [name] : [];
  }
  const pattern = new RegExp(
    `^${parts.map((part) => (part === undefined ? '.*' : escapeRegExp(part))).join('')}$`,
    'i',
  );
  return [...stages].filter((stage) => pattern.test(stage));
}

function declareGlobals(globals: GlobalArgs, instruction: Arg, joined: Join): void {
  for (const property of instruction.getProperties()) {
    const valueRange = property.getValueRange();
    globals.declare(property.getName(), valueRange ? joined(valueRange) : undefined);
  }
}

/** The `COPY --from` value or the `RUN --mount` `from` values of an instruction. */
function flagReferences(instruction: Instruction, source: SourceText, joined: Join): Written[] {
  if (instruction instanceof Copy) {
    const range = copyFromRange(instruction, source);
    return range ? [{ kind: 'copy', value: flagValue(joined(range)) }] : [];
  }
  if (instruction instanceof Run) return mountValues(instruction, joined).map((value) => ({ kind: 'mount', value }));
  return [];
}

/** Where the value of `COPY --from` is. Throws ExtractError for a repeated --from, which BuildKit refuses. */
function copyFromRange(instruction: Copy, source: SourceText): AstRange | undefined {
  const [flag, repeated] = instruction.getFlags().filter((one) => one.getName() === 'from');
  if (repeated) {
    throw extractErrorAt(source.text, source.offsetAt(repeated.getRange().start), 'duplicate flag specified: from');
  }
  return flag?.getValueRange() ?? undefined;
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
