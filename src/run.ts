import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config/types.js';
import { mapBounded } from './concurrency.js';
import { defaults } from './defaults.js';
import { extractorFor, extractorForText, ExtractError, type Extractor, type Found } from './extract/index.js';
import { discover } from './files/discover.js';
import { extractContext } from './files/extract-context.js';
import { withGitlabIncludes } from './files/gitlab-includes.js';
import { writeFileAtomic } from './files/write.js';
import { classify } from './plan/classify.js';
import { decide, digestToWrite, lookupKey, needsLookup, type Command, type Lookup } from './plan/decide.js';
import { applyEdits, RewriteError, verifyRewrite } from './plan/rewrite.js';
import type { Entry } from './plan/types.js';
import { effectiveTag, parseNormalized, repositoryName, type NormalizedReference } from './reference/index.js';

/** Turns a tagged reference into the digest its tag points at now. */
export interface Resolver {
  resolve(ref: NormalizedReference): Promise<{ digest: string }>;
}

export interface RunOptions {
  command: Command;
  cwd: string;
  paths: readonly string[];
  config: Config;
  /** Only references to this image (`name` or `name:tag`). */
  image?: string;
  /** Compute the changes but write nothing. */
  dryRun?: boolean;
  /** Needed by every command but `ls`. */
  resolver?: Resolver;
  /**
   * Read and write only files whose real path is inside this directory, even when a path given explicitly is a link
   * that leads out of it: propagation works on clones of repositories it does not control.
   */
  confineTo?: string;
}

/** A problem that concerns a whole file or path, not one reference. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface Report {
  entries: Entry[];
  problems: Problem[];
  /** Every file this run rewrote (or would rewrite, with dryRun), with its text before and after. */
  changes: { file: string; before: string; after: string }[];
}

interface Scanned {
  file: string;
  text: string;
  extractor: Extractor;
  found: Found[];
}

/** Find, classify, resolve and (for pin and update) rewrite every image reference under `options.paths`. */
export async function run(options: RunOptions): Promise<Report> {
  const filter = options.image === undefined ? undefined : parseNormalized(options.image);
  const problems: Problem[] = [];
  const { files, explicit, missing } = await discover(options.paths, {
    cwd: options.cwd,
    include: options.config.include,
    exclude: options.config.exclude,
    wanted: (file) => extractorFor(file) !== undefined,
  });
  for (const { path: given, message } of missing) problems.push({ file: given, line: 0, column: 0, message });

  // Reading synchronously is fastest here: nothing else is in flight before the registry lookups.
  const confine = options.confineTo === undefined ? undefined : realpathSync(options.confineTo);
  const scanned = withGitlabIncludes(
    files
      .map((file) => scan(options.cwd, file, { explicit: explicit.has(file), confine, config: options.config }, problems))
      .filter((one) => one !== undefined),
    (file) => scan(options.cwd, file, { explicit: true, confine, config: options.config }, problems),
  );
  let entries = scanned.flatMap(({ file, text, found }) =>
    found.map((one) => classify(file, text, one, { ignore: options.config.ignore })),
  );
  if (filter) entries = entries.filter((entry) => entry.ref !== undefined && sameImage(entry.ref, filter));

  const lookups = await lookUp(options, entries);
  entries = entries.map((entry) => decide(entry, entry.ref && lookups.get(lookupKey(entry.ref))));

  const changes: Report['changes'] = [];
  if (options.command === 'pin' || options.command === 'update') {
    const byFile = new Map<string, Entry[]>();
    for (const entry of entries) {
      const list = byFile.get(entry.file);
      if (list) list.push(entry);
      else byFile.set(entry.file, [entry]);
    }
    const written = await mapBounded(scanned, defaults.filesAtOnce, (file) => rewrite(file, byFile.get(file.file) ?? [], options));
    changes.push(...written.filter((change) => change !== undefined));
  }
  return { entries, problems, changes };
}

function scan(
  cwd: string,
  file: string,
  how: { explicit: boolean; confine?: string; config: Config },
  problems: Problem[],
): Scanned | undefined {
  try {
    const absolute = path.resolve(cwd, file);
    if (how.confine !== undefined && !realpathSync(absolute).startsWith(how.confine + path.sep)) {
      throw new Error(`leads outside ${how.confine} (a symbolic link); basepin leaves it alone`);
    }
    const bytes = readFileSync(absolute);
    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes)) throw new Error('not UTF-8 text; basepin leaves it untouched');
    const extractor = extractorForText(file, text, how.explicit, extractContext(how.config, absolute));
    if (!extractor) throw new Error('basepin does not know how to read this kind of file');
    return { file, text, extractor, found: extractor.extract(text, file) };
  } catch (error) {
    const at = error instanceof ExtractError ? error : { line: 0, column: 0 };
    problems.push({ file, line: at.line, column: at.column, message: (error as Error).message });
    return undefined;
  }
}

/** One registry request per distinct repository and tag, all at once (the resolver bounds concurrency per registry). */
async function lookUp(options: RunOptions, entries: Entry[]): Promise<Map<string, Lookup>> {
  const wanted = new Map<string, NormalizedReference>();
  for (const entry of entries) {
    if (entry.ref && needsLookup(options.command, entry)) wanted.set(lookupKey(entry.ref), entry.ref);
  }
  const results = new Map<string, Lookup>();
  if (wanted.size === 0) return results;
  const resolver = options.resolver;
  if (!resolver) throw new Error(`${options.command} needs a registry resolver`);
  await Promise.all(
    [...wanted].map(async ([key, ref]) => {
      const query = { ...ref, tag: ref.tag ?? 'latest', digest: null };
      try {
        results.set(key, { digest: (await resolver.resolve(query)).digest });
      } catch (error) {
        results.set(key, { error: (error as Error).message });
      }
    }),
  );
  return results;
}

/**
 * Write the digests this command decided for one file: apply the edits in memory, extract again to confirm that only
 * the intended references changed, then replace the file atomically. On any doubt the file is left untouched and its
 * edited entries are marked as errors.
 */
async function rewrite(file: Scanned, mine: Entry[], options: RunOptions): Promise<Report['changes'][number] | undefined> {
  const edits = mine.flatMap((entry) => {
    const digest = digestToWrite(options.command, entry);
    return digest === undefined ? [] : [{ entry, found: entry.found, digest }];
  });
  if (edits.length === 0) return undefined;
  try {
    const after = applyEdits(file.text, edits);
    verifyRewrite(file.found, file.extractor.extract(after, file.file), edits);
    if (!options.dryRun) await writeFileAtomic(path.resolve(options.cwd, file.file), after);
    for (const { entry, digest } of edits) entry.wrote = digest;
    return { file: file.file, before: file.text, after };
  } catch (error) {
    const message = error instanceof RewriteError ? `not rewritten: ${error.message}` : `cannot write: ${(error as Error).message}`;
    for (const { entry } of edits) Object.assign(entry, { status: 'error', message });
    return undefined;
  }
}

function sameImage(ref: NormalizedReference, filter: NormalizedReference): boolean {
  if (repositoryName(ref) !== repositoryName(filter)) return false;
  return filter.tag === null || effectiveTag(ref) === filter.tag;
}
