/**
 * `doctor`: for every image reference found (and every image named), compare the image the local engine caches under
 * the tag with the registry's current digest and with the pin, and optionally pull the stale ones through the engine.
 */

import { mapBounded } from '../concurrency.js';
import type { Config } from '../config/index.js';
import { CredentialStore } from '../credentials/index.js';
import { defaults } from '../defaults.js';
import { parsePlatform, type Platform } from '../image/index.js';
import { lookupKey, type Entry } from '../plan/index.js';
import { type NormalizedReference, parseNormalized, tagOrDefault } from '../reference/index.js';
import { run, type Problem } from '../run.js';
import type { EngineClient, EngineVersion } from './client.js';
import { cacheStatus, type CacheStatus } from './freshness.js';
import type { PullProgress } from './pull-stream.js';
import { checkTag, type TagCheck, type TagRegistry, type TagResult } from './tag-check.js';
import { engineRepository } from './names.js';

export type DoctorStatus = CacheStatus | 'skipped' | 'error';

export interface DoctorEntry {
  /** Where the reference was found; null for an image named with `images`. */
  file: string | null;
  line: number;
  column: number;
  /** The reference as written. */
  image: string;
  ref: NormalizedReference | null;
  status: DoctorStatus;
  pinned: string | null;
  /** The digests the engine's image for the tag was pulled as; null when the engine holds none. */
  cached: string[] | null;
  /** The registry's digest for the tag now. */
  current: string | null;
  /** For a multi-platform tag, when it was needed: the engine platform's image digest in the current index. */
  currentPlatform: string | null;
  /** Whether this run pulled the tag. */
  pulled: boolean;
  message?: string;
}

export interface DoctorReport {
  /** The engine asked: its address, where that came from, its version and platform. */
  engine: EngineVersion & { endpoint: string; source: string };
  entries: DoctorEntry[];
  problems: Problem[];
}

export interface DoctorOptions {
  cwd: string;
  /** Files and directories to search; none means `.`, unless `images` are given. */
  paths: readonly string[];
  /** More references to check, as written (`nginx:1.25`). Throws `InvalidReferenceError` for an invalid one. */
  images: readonly string[];
  config: Config;
  engine: EngineClient;
  registry: TagRegistry;
  /** Pull the stale tags through the engine, then look again. */
  pull?: boolean;
  /**
   * Where the credentials for a pull are found, as the registry client finds them (`passwordEnv`, auth files,
   * credential helpers): the environment, `process.env` by default.
   */
  env?: Record<string, string | undefined>;
  /** Told when a pull starts (no event) and of each progress event. */
  onPull?: (image: string, event?: PullProgress) => void;
}

/** Throws `EngineError` when the engine cannot be reached; per-reference failures are entries with status `error`. */
export async function doctor(options: DoctorOptions): Promise<DoctorReport> {
  const images = options.images.map((text) => ({ text, ref: parseNormalized(text) }));
  const version = await options.engine.version();
  const engine = { endpoint: options.engine.endpoint.url, source: options.engine.endpoint.source, ...version };
  const check: TagCheck = { engine: options.engine, registry: options.registry, platform: enginePlatform(version) };
  const { entries, problems } = await references(options, images);

  const wanted = new Map<string, NormalizedReference>();
  for (const { ref, status } of entries) if (ref !== null && status === undefined) wanted.set(lookupKey(ref), ref);
  const pinsOf = (key: string) =>
    entries.filter(({ ref }) => ref !== null && lookupKey(ref) === key).map(({ pinned }) => pinned);
  const checked = await mapBounded(
    [...wanted],
    defaults.engine.tagsAtOnce,
    async ([key, ref]) => [key, await checkTag(check, ref, pinsOf(key))] as const,
  );
  const results = new Map(checked);

  const pulled = new Set<string>();
  if (options.pull) {
    const store = credentialStore(options);
    for (const [key, ref] of wanted) {
      const result = results.get(key)!;
      if (!('state' in result) || cacheStatus(result.state, null) !== 'stale') continue;
      results.set(key, await pullTag(options, store, check, ref, pinsOf(key)));
      pulled.add(key);
    }
  }
  return {
    engine,
    entries: entries.map((entry) =>
      entry.status === undefined ? judged(entry, results, pulled) : { ...entry, status: entry.status },
    ),
    problems,
  };
}

/** A reference before the engine and registry are asked: only those skipped or invalid already have a status. */
type Candidate = Omit<DoctorEntry, 'status'> & { status?: 'skipped' | 'error' };

/** Every reference to look at: found in files, then given by name. */
async function references(options: DoctorOptions, images: { text: string; ref: NormalizedReference }[]) {
  const entries: Candidate[] = [];
  let problems: Problem[] = [];
  if (options.paths.length > 0 || images.length === 0) {
    const report = await run({ command: 'ls', cwd: options.cwd, paths: options.paths, config: options.config });
    entries.push(...report.entries.map(fromEntry));
    problems = report.problems;
  }
  for (const { text, ref } of images) entries.push(skippedIfDigestOnly(unjudged(null, 0, 0, text, ref)));
  return { entries, problems };
}

function fromEntry(entry: Entry): Candidate {
  const { line, column } = entry.found.at ?? entry.found;
  const found = unjudged(entry.file, line, column, entry.found.image, entry.ref ?? null);
  if (entry.status === 'skipped' || entry.status === 'error')
    return { ...found, status: entry.status, message: entry.message };
  return skippedIfDigestOnly(found);
}

/** A reference by digest alone names no tag whose cached copy could be stale, wherever it was written. */
function skippedIfDigestOnly(candidate: Candidate): Candidate {
  const { ref } = candidate;
  if (ref === null || ref.tag !== null || ref.digest === null) return candidate;
  return {
    ...candidate,
    status: 'skipped',
    message: 'pinned by digest alone: builds use that image, whatever the cache holds',
  };
}

function unjudged(
  file: string | null,
  line: number,
  column: number,
  image: string,
  ref: NormalizedReference | null,
): Candidate {
  const pinned = ref?.digest ?? null;
  return { file, line, column, image, ref, pinned, cached: null, current: null, currentPlatform: null, pulled: false };
}

/** A candidate's status from its tag's result (a candidate without status always has a reference). */
function judged(entry: Candidate, results: Map<string, TagResult>, pulled: Set<string>): DoctorEntry {
  const key = lookupKey(entry.ref!);
  const result = results.get(key)!;
  if ('error' in result) return { ...entry, status: 'error', message: result.error, pulled: pulled.has(key) };
  return { ...entry, ...result.state, status: cacheStatus(result.state, entry.pinned), pulled: pulled.has(key) };
}

/** The credentials `docker pull` would use: the same lookup as the registry client's. */
function credentialStore(options: DoctorOptions): CredentialStore {
  return new CredentialStore({
    registries: options.config.registries,
    env: options.env ?? process.env,
    helperTimeoutMs: defaults.credentialHelperTimeoutMs,
    log: () => {},
  });
}

/** Pulls `ref`'s tag through the engine with the registry's credentials, if any, then asks both sides again. */
async function pullTag(
  options: DoctorOptions,
  store: CredentialStore,
  check: TagCheck,
  ref: NormalizedReference,
  pins: (string | null)[],
): Promise<TagResult> {
  const tag = tagOrDefault(ref);
  const name = `${engineRepository(ref)}:${tag}`;
  options.onPull?.(name);
  try {
    const found = await store.credentialsFor(ref.domain);
    await options.engine.pull(engineRepository(ref), tag, {
      auth: found === undefined ? undefined : { host: ref.domain, credentials: found.credentials },
      onProgress: (event) => options.onPull?.(name, event),
    });
  } catch (error) {
    return { error: (error as Error).message };
  }
  return checkTag(check, ref, pins);
}

/** The engine's platform; `GET /version` says nothing of the variant, so arm64 and arm get their defaults. */
function enginePlatform(engine: EngineVersion): Platform {
  return parsePlatform(`${engine.os}/${engine.architecture}`);
}
