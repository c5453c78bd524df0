/**
 * The Dockerfile extractor: the images a Dockerfile (or Containerfile) builds from.
 *
 * References: every FROM image (not `scratch`, not an earlier stage), `COPY --from=<image>`,
 * `RUN --mount=...,from=<image>`, and the image of a `# syntax=` parser directive. Text in comments and
 * heredoc bodies is never a reference. dockerfile-ast splits the file into instructions and words; the
 * words are then read the way BuildKit reads them (see dockerfile/words.ts and dockerfile/flags.ts).
 *
 * When several FROMs use the same global ARG (`FROM ${BASE}` twice), each use is its own Found with the
 * same span (the ARG's default); the rewrite layer de-duplicates identical spans.
 */
import { DockerfileParser } from 'dockerfile-ast';
import { readDirectives, syntaxImage, textForParser, type DirectiveLine } from '../dockerfile/directives.js';
import { partsOfLongerReferences, placeDigest, type PlacementRules } from '../dockerfile/placement.js';
import { readReferences, type Written } from '../dockerfile/references.js';
import { lastContiguousRun, SourceText, type Located } from '../dockerfile/source.js';
import { NestingError } from '../dockerfile/words.js';
import { extractErrorAt, foundAt } from '../common/found-at.js';
import type { Extractor, Found } from '../types.js';

/**
 * Whether a path names a Dockerfile, as Docker and BuildKit find them: `Dockerfile`, `Containerfile` and
 * `*.dockerfile`, `*.containerfile` in any case (the docker CLI falls back to `dockerfile` when there is no
 * `Dockerfile`; podman reads `Containerfile`), and `Dockerfile.*`, `Containerfile.*` capitalized: lower-case
 * `dockerfile.go` or `dockerfile.py` is far more often source code than a Dockerfile (name one explicitly to read it,
 * see isDockerfileVariantName).
 */
export function isDockerfilePath(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  // BuildKit reads `<Dockerfile>.dockerignore` as that Dockerfile's ignore file.
  if (name.endsWith('.dockerignore')) return false;
  const anyCase = /^(?:dockerfile|containerfile)$|^.+\.(?:dockerfile|containerfile)$/i;
  return anyCase.test(name) || /^(?:Dockerfile|Containerfile)\..+$/.test(name);
}

/** `dockerfile.prod`, `CONTAINERFILE.dev`: a Dockerfile's name in any case, read when the user names the file. */
export function isDockerfileVariantName(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return !name.endsWith('.dockerignore') && /^(?:dockerfile|containerfile)\..+$/i.test(name);
}

/**
 * Every image reference in a Dockerfile's text, in source order.
 * Throws ExtractError for a file BuildKit refuses: bad parser directives, or a malformed instruction that basepin
 * reads (see readReferences), such as `FROM image # comment` (a comment must be on a line of its own).
 */
export function extractDockerfile(text: string): Found[] {
  const source = new SourceText(text);
  const directives = readDirectives(text);
  const dockerfile = DockerfileParser.parse(textForParser(text, directives));
  const references = readReferences(dockerfile, source, directives.escape);
  const fromWords = references.written.flatMap((written) =>
    written.kind === 'from' && written.expansion.kind === 'expanded' ? [written.expansion.pieces] : [],
  );
  const parts = partsOfLongerReferences([...fromWords, ...references.globals.defaults()]);
  const rules: PlacementRules = {
    uses: (name) => references.uses.count(name),
    isPartOfLongerReference: (binding) => parts.has(binding),
  };
  const found = directives.syntax ? [syntaxFound(text, directives.syntax)] : [];
  for (const written of references.written) {
    const one = written.kind === 'from' ? fromFound(text, written, rules) : flagFound(text, written, references.stages);
    if (one) found.push(one);
  }
  return found;
}

type FromWritten = Extract<Written, { kind: 'from' }>;
type FlagWritten = Extract<Written, { kind: 'copy' | 'mount' }>;

/** The Dockerfile extractor. */
export const dockerfileExtractor: Extractor<'dockerfile'> = {
  kind: 'dockerfile',
  matches: isDockerfilePath,
  extract(text) {
    try {
      return extractDockerfile(text);
    } catch (error) {
      if (error instanceof NestingError) throw extractErrorAt(text, error.offset, error.message);
      throw error;
    }
  },
};

function syntaxFound(text: string, line: DirectiveLine): Found {
  const image = syntaxImage(line);
  return foundAt('dockerfile', text, { image, start: line.valueStart, end: line.valueStart + image.length });
}

function fromFound(text: string, written: FromWritten, rules: PlacementRules): Found | undefined {
  const { word, expansion, namedStages } = written;
  if (namedStages.length > 0 || (expansion.kind === 'expanded' && expansion.text === 'scratch')) return undefined;
  if (expansion.kind === 'unsupported') return skipped(text, word, expansion.reason);
  const placement = placeDigest(expansion.pieces, rules);
  if (placement.kind === 'skip') return skipped(text, word, placement.reason);
  const { start, end, inArg } = placement;
  const writtenAt = inArg ? { writtenAt: word.offsets[0] } : writtenWhereElse(text, word, start);
  return foundAt('dockerfile', text, { image: expansion.text, start, end, ...writtenAt });
}

/**
 * `COPY --from` or a mount's `from`: an image unless it names a stage (by name or index) or is `scratch`; skipped when
 * it holds a variable or is a bare name (a named build context, most likely).
 */
function flagFound(text: string, written: FlagWritten, stages: Set<string>): Found | undefined {
  const { value } = written;
  const image = value.text;
  const isStage = /^[0-9]+$/.test(image) || stages.has(image.toLowerCase());
  if (image === '' || image === 'scratch' || isStage) return undefined;
  const where = written.kind === 'copy' ? 'COPY --from' : 'RUN --mount from=';
  if (/\$./.test(image)) return skipped(text, value, `BuildKit does not expand variables in ${where}`);
  // A bare name (no registry, path, tag or digest) that is no stage is far more often a named build context
  // (`--build-context NAME=...`, a Bake `contexts` key) than a Docker Hub image; a pin would break the build.
  if (!/[/:@]/.test(image)) {
    return skipped(
      text,
      value,
      `${where}=${image} is taken for a named build context, not an image (write ${image}:TAG to pin it)`,
    );
  }
  const span = lastContiguousRun(value);
  return foundAt('dockerfile', text, { image, ...span, ...writtenWhereElse(text, value, span.start) });
}

/**
 * `at` for a reference that a line continuation splits: its digest goes on a later line than the one where it is
 * written, which is the line ignore comments and the human report go by.
 */
function writtenWhereElse(text: string, word: Located, start: number): { writtenAt?: number } {
  const from = word.offsets[0]!;
  return /[\r\n]/.test(text.slice(from, start)) ? { writtenAt: from } : {};
}

/** A reference basepin must leave alone: its span is the whole word as written. */
function skipped(text: string, word: Located, reason: string): Found {
  const end = word.offsets[word.offsets.length - 1] + 1;
  return foundAt('dockerfile', text, { image: word.text, start: word.offsets[0], end, skip: reason });
}
