/**
 * Shards: the dependents split between N processes (a GitHub Actions matrix, a Kubernetes Indexed Job) so that each
 * process reconciles its own part. A dependent's shard depends on its repository alone, never on its place in the
 * list: adding or removing a dependent moves no other one, and every process, on any machine, agrees on the split.
 */

import { createHash } from 'node:crypto';
import type { Dependent } from '../dependents/index.js';

/** Shard `index` (0-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `I/N` (0 <= I < N); undefined when the text is not of that form. */
export function parseShard(text: string): Shard | undefined {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  if (!match) return undefined;
  const [index, count] = [Number(match[1]), Number(match[2])];
  return count >= 1 && index < count ? { index, count } : undefined;
}

/**
 * The repository a git URL names, spelled one way: no credentials, scheme or `.git`, the host in lower case, so
 * `https://github.com/acme/app.git`, `ssh://git@github.com/acme/app` and `git@github.com:acme/app` are one repository.
 * A local path stays a path (without trailing slashes or `.git`).
 */
export function normalizeRepo(repo: string): string {
  const trimmed = repo
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@]*@)?([^/]*)(.*)$/i.exec(trimmed);
  if (url) return url[1]!.toLowerCase() + (url[2] ?? '');
  const scpLike = /^(?:[^@/:]+@)?([^/:]+):(?!\/)(.+)$/.exec(trimmed);
  if (scpLike && !/^[A-Za-z]$/.test(scpLike[1]!))
    return `${scpLike[1]!.toLowerCase()}/${scpLike[2]!.replace(/^\/+/, '')}`;
  return trimmed;
}

/** The shard (0-based, of `count`) of a repository: the first 32 bits of the SHA-256 of its normalized URL, mod `count`. */
export function shardOf(repo: string, count: number): number {
  return createHash('sha256').update(normalizeRepo(repo)).digest().readUInt32BE(0) % count;
}

/** The dependents of `shard`, in their order. */
export function inShard<T extends Pick<Dependent, 'repo'>>(dependents: readonly T[], shard: Shard | undefined): T[] {
  return shard === undefined
    ? [...dependents]
    : dependents.filter((dependent) => shardOf(dependent.repo, shard.count) === shard.index);
}
