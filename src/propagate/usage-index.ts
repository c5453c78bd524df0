/**
 * The image -> dependents index a planner reads, so that a push touches only the repositories that use the image.
 * The index is what `basepin graph --json` prints (a survey of every dependent, changing nothing); an operations
 * repository keeps it up to date with a scheduled job, and any engine can read it as a file. A dependent the index
 * does not know (added since) or could not read is visited whatever the image: the index narrows, it never hides.
 */

import { open } from 'node:fs/promises';
import type { Dependent } from '../dependents/index.js';
import { isObject } from '../is-object.js';
import { defaults } from '../defaults.js';
import { normalizeRepo } from './shard.js';
import type { ImageTarget } from './target.js';

export interface UsageIndex {
  /** Normalized `name:tag` -> the normalized repositories that use it. */
  users: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every normalized repository the index lists. */
  listed: ReadonlySet<string>;
  /** The normalized repositories the survey could not read in full: any of them may use any image. */
  unknown: ReadonlySet<string>;
}

/** An index file that cannot be used: unreadable, not JSON, or not the shape `basepin graph --json` prints. */
export class UsageIndexError extends Error {
  override name = 'UsageIndexError';
}

/** Reads the index at `file` (at most `defaults.propagation.maxIndexBytes`). Throws UsageIndexError. */
export async function loadUsageIndex(file: string): Promise<UsageIndex> {
  let text: string;
  try {
    const handle = await open(file, 'r');
    try {
      const limit = defaults.propagation.maxIndexBytes;
      const buffer = Buffer.alloc(limit + 1);
      const { bytesRead } = await handle.read(buffer, 0, limit + 1, 0);
      if (bytesRead > limit) throw new Error(`larger than ${limit} bytes`);
      text = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new UsageIndexError(`${file}: cannot read the index: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageIndexError(`${file}: not JSON: ${(error as Error).message}`);
  }
  return parseUsageIndex(data, file);
}

/** The index in `data` (parsed `basepin graph --json` output); `file` names it in errors. Throws UsageIndexError. */
export function parseUsageIndex(data: unknown, file: string): UsageIndex {
  const fail = (where: string, what: string): never => {
    throw new UsageIndexError(`${file}: ${where}: ${what} (expected the output of basepin graph --json)`);
  };
  if (!isObject(data) || !Array.isArray(data.repositories)) return fail('repositories', 'must be a list');
  const users = new Map<string, Set<string>>();
  const listed = new Set<string>();
  const unknown = new Set<string>();
  data.repositories.forEach((entry: unknown, index) => {
    const where = `repositories[${index}]`;
    if (!isObject(entry) || typeof entry.repo !== 'string') return fail(`${where}.repo`, 'must be a string');
    if (!Array.isArray(entry.uses)) return fail(`${where}.uses`, 'must be a list');
    const repo = normalizeRepo(entry.repo);
    listed.add(repo);
    if (entry.error !== undefined) unknown.add(repo);
    entry.uses.forEach((use: unknown, at) => {
      if (!isObject(use) || typeof use.image !== 'string')
        return fail(`${where}.uses[${at}].image`, 'must be a string');
      users.set(use.image, (users.get(use.image) ?? new Set()).add(repo));
    });
  });
  return { users, listed, unknown };
}

/**
 * The dependents of `all` (in their order) a propagation of `image` (`name[:tag]`) visits: those the index says use
 * it, those it could not read, and those it does not list. Throws InvalidReferenceError or PropagationError for an
 * image that is not a name and tag.
 */
export function indexedDependents(target: ImageTarget, all: readonly Dependent[], index: UsageIndex): Dependent[] {
  const users = index.users.get(target.image) ?? new Set();
  return all.filter((dependent) => {
    const repo = normalizeRepo(dependent.repo);
    return users.has(repo) || index.unknown.has(repo) || !index.listed.has(repo);
  });
}
