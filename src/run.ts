import { realpathSync } from 'node:fs';
import { setImmediate } from 'node:timers/promises';
import path from 'node:path';
import type { Config } from './config/index.js';
import { mapBounded } from './concurrency.js';
import { defaults } from './defaults.js';
import { collectContextNames } from './context-names.js';
import { extractorFor, extractorForText, ExtractError, type Extractor, type Found } from './extract/index.js';
import {
  isBuildScript,
  discover,
  extractContext,
  withGitlabIncludes,
  removeLeftovers,
  FileChangedError,
  readRegularFile,
  type FileIdentity,
  writeFileAtomic,
} from './files/index.js';
import type { ImageSource } from './image/index.js';
import { Lookups } from './lookups.js';
import { readPinFacts } from './pin-facts.js';
import {
  classify,
  type PinFacts,
  decide,
  digestToWrite,
  lookupKey,
  needsLookup,
  type Command,
  POLICY,
  applyEdits,
  RewriteError,
  verifyRewrite,
  type Entry,
} from './plan/index.js';
import { effectiveTag, parseNormalized, repositoryName, type NormalizedReference } from './reference/index.js';

/**
 * Turns a tagged reference into the digest its tag points at now (and its media type, when known).
 *
 * `fetchManifest` and `fetchBlob` (optional; `RegistryClient` has both) let a pin that differs from its tag's digest
 * be told apart when the tag is a multi-platform index: a pin to one of its platform images is current, an old
 * platform pin moves to the same platform's image (see plan/platform-pins.ts). A resolver without them treats every
 * differing pin as stale and moves it to the tag's digest.
 */
export interface Resolver extends ImageSource {
  resolve(ref: NormalizedReference): Promise<{ digest: string; mediaType?: string }>;
}

export interface RunOptions {
  command: Command;
  cwd: string;
  paths: readonly string[];
  config: Config;
  /** Only references to this image (`name` or `name:tag`). */
  image?: string;
  /** `image` already parsed, by the CLI or a propagation's target; used instead of `image` when given. */
  imageRef?: NormalizedReference;
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
  /** Exactly which file was read, and its bytes' hash: the write goes there, and only if it is unchanged. */
  identity: FileIdentity;
  text: string;
  extractor: Extractor;
  found: Found[];
}

/** Find, classify, resolve and (for pin and update) rewrite every image reference under `options.paths`. */
export async function run(options: RunOptions): Promise<Report> {
  const filter = options.imageRef ?? (options.image === undefined ? undefined : parseNormalized(options.image));
  const problems: Problem[] = [];
  const { files, explicit, missing, temporaries } = await discover(options.paths, {
    cwd: options.cwd,
    include: options.config.include,
    exclude: options.config.exclude,
    wanted: (file) => extractorFor(file) !== undefined || isBuildScript(file),
  });
  // Found scripts are read only for the build contexts they name; one named explicitly is scanned (and refused).
  const scripts = new Set(files.filter((file) => extractorFor(file) === undefined && !explicit.has(file)));
  for (const { path: given, message } of missing) problems.push({ file: given, line: 0, column: 0, message });

  const confine = options.confineTo === undefined ? undefined : realpathSync(options.confineTo);
  const maxBytes = options.config.maxFileBytes ?? defaults.maxFileBytes;
  const reading = { confine, maxBytes, config: options.config };
  const wanted = (entry: Entry) => !filter || (entry.ref !== undefined && sameImage(entry.ref, filter));
  // Each lookup starts as soon as its reference is known, while the other files are still read (the network overlaps
  // the reading). Only a Dockerfile's references wait for the whole scan: a named build context, defined anywhere in
  // the repository, may turn one into no image at all.
  const lookups = new Lookups(options.command, options.resolver);
  const classifyFile = ({ file, text, found }: Scanned, contexts?: ReadonlySet<string>) =>
    found.map((one) => classify(file, text, one, { ignore: options.config.ignore, contexts })).filter(wanted);
  /** The entries of the files classified as they were read: every kind but Dockerfiles, which contexts apply to. */
  const early = new Map<Scanned, Entry[]>();
  const read: Scanned[] = [];
  let since = performance.now();
  for (const file of files) {
    if (scripts.has(file)) continue;
    const one = scan(options.cwd, file, { ...reading, explicit: explicit.has(file) }, problems);
    if (one !== undefined) {
      read.push(one);
      if (one.extractor.kind !== 'dockerfile') {
        const entries = classifyFile(one);
        early.set(one, entries);
        for (const entry of entries) lookups.want(entry);
      }
    }
    if (performance.now() - since > defaults.readSliceMs) {
      await setImmediate(); // let the lookups under way send and receive
      since = performance.now();
    }
  }
  const scanned = withGitlabIncludes(read, (file) => scan(options.cwd, file, { ...reading, explicit: true }, problems));
  // Named build contexts are defined in the repository (Bake, Compose, CI files, scripts) and used in Dockerfiles.
  const contexts = await collectContextNames({
    cwd: options.cwd,
    paths: options.paths,
    confine,
    scanned: scanned.map(({ file, text, extractor }) => ({ file, text, kind: extractor.kind })),
    scripts,
    seen: new Set(files),
  });
  let entries = scanned.flatMap((one) => early.get(one) ?? classifyFile(one, contexts.for(one.file)));
  for (const entry of entries) lookups.want(entry); // the Dockerfiles' (and included files'); the others are under way

  const lookupsByKey = await lookups.all();
  // A lookup answers only the entries that asked for it: a digest-only `name@sha256:...` shares its key with
  // `name:latest` but names no tag, so it is never compared with what `latest` points at.
  const lookupOf = (entry: Entry) =>
    entry.ref && needsLookup(options.command, entry) ? lookupsByKey.get(lookupKey(entry.ref)) : undefined;
  const facts =
    lookupsByKey.size === 0 ? new Map<Entry, PinFacts>() : await readPinFacts(entries, lookupOf, options.resolver!);
  entries = entries.map((entry) => decide(entry, lookupOf(entry), facts.get(entry)));

  const changes: Report['changes'] = [];
  if (POLICY[options.command].write.length > 0) {
    // Temporary files of an earlier run that was killed before it could rename them.
    if (!options.dryRun) await removeLeftovers(temporaries);
    const byFile = new Map<string, Entry[]>();
    for (const entry of entries) {
      const list = byFile.get(entry.file);
      if (list) list.push(entry);
      else byFile.set(entry.file, [entry]);
    }
    changes.push(...(await rewriteAll(scanned, byFile, { ...options, maxBytes }, problems)));
  }
  return { entries, problems, changes };
}

/** How one file is read: named explicitly or found, confined to a directory, at most so many bytes, with what config. */
interface ScanOptions {
  explicit: boolean;
  confine?: string;
  maxBytes: number;
  config: Config;
}

function scan(cwd: string, file: string, how: ScanOptions, problems: Problem[]): Scanned | undefined {
  try {
    const absolute = path.resolve(cwd, file);
    const { bytes, identity } = readRegularFile(absolute, {
      maxBytes: how.maxBytes,
      within: how.confine,
      setting: 'maxFileBytes',
    });
    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes)) throw new Error('not UTF-8 text; basepin leaves it untouched');
    const extractor = extractorForText(file, text, how.explicit, extractContext(how.config, absolute));
    if (!extractor) throw new Error('basepin does not know how to read this kind of file');
    return { file, identity, text, extractor, found: extractor.extract(text, file) };
  } catch (error) {
    const at = error instanceof ExtractError ? error : { line: 0, column: 0 };
    problems.push({ file, line: at.line, column: at.column, message: (error as Error).message });
    return undefined;
  }
}

/**
 * Rewrite every file. One found by two paths (a link and its target) is written once, through the first; the other
 * only confirms that it would have written the same text.
 */
async function rewriteAll(scanned: Scanned[], byFile: Map<string, Entry[]>, how: Rewriting, problems: Problem[]) {
  const first = new Map<string, Scanned>();
  for (const one of scanned) if (!first.has(one.identity.path)) first.set(one.identity.path, one);
  const primaries = [...first.values()];
  const rewriteOne = (file: Scanned, twin?: Rewriting['twin']) =>
    rewrite(file, byFile.get(file.file) ?? [], { ...how, twin }, problems);
  const written = await mapBounded(primaries, defaults.filesAtOnce, (file) => rewriteOne(file));
  const twins = new Map(
    primaries.map((file, index) => [file.identity.path, { file: file.file, after: written[index]?.after }]),
  );
  for (const alias of scanned.filter((one) => first.get(one.identity.path) !== one)) {
    written.push(await rewriteOne(alias, twins.get(alias.identity.path)));
  }
  return written.filter((change) => change !== undefined);
}

interface Rewriting extends RunOptions {
  maxBytes: number;
  /** The same file under the path it was first found by, and the text it was given (if any). */
  twin?: { file: string; after?: string };
}

/**
 * Write the digests this command decided for one file: apply the edits in memory, extract again to confirm that only
 * the intended references changed, then replace the file atomically. On any doubt the file is left untouched and its
 * edited entries are marked as errors. A file edited or replaced while the registry was asked is left untouched too,
 * and reported as a problem of the whole file: its new text was never read.
 */
async function rewrite(
  file: Scanned,
  mine: Entry[],
  options: Rewriting,
  problems: Problem[],
): Promise<Report['changes'][number] | undefined> {
  const edits = mine.flatMap((entry) => {
    const digest = digestToWrite(options.command, entry);
    return digest === undefined ? [] : [{ entry, found: entry.found, digest }];
  });
  if (edits.length === 0) return undefined;
  try {
    const after = applyEdits(file.text, edits);
    verifyRewrite(file.found, file.extractor.extract(after, file.file), edits);
    const twin = options.twin;
    if (twin?.after !== undefined && twin.after !== after) {
      const message = `the same file as ${twin.file}, which this run rewrote; run again`;
      problems.push({ file: file.file, line: 0, column: 0, message });
      return undefined;
    }
    if (!options.dryRun && twin?.after === undefined) {
      await writeFileAtomic(path.resolve(options.cwd, file.file), after, {
        identity: file.identity,
        maxBytes: options.maxBytes,
      });
    }
    for (const { entry, digest } of edits) entry.wrote = digest;
    return { file: file.file, before: file.text, after };
  } catch (error) {
    if (error instanceof FileChangedError) {
      problems.push({ file: file.file, line: 0, column: 0, message: error.message });
      return undefined;
    }
    const message =
      error instanceof RewriteError ? `not rewritten: ${error.message}` : `cannot write: ${(error as Error).message}`;
    for (const { entry } of edits) Object.assign(entry, { status: 'error', message, reason: 'unwritable' });
    return undefined;
  }
}

function sameImage(ref: NormalizedReference, filter: NormalizedReference): boolean {
  if (repositoryName(ref) !== repositoryName(filter)) return false;
  return filter.tag === null || effectiveTag(ref) === filter.tag;
}
