import type { NormalizedReference } from '../reference/index.js';
import type { Entry } from './types.js';

export type Command = 'ls' | 'check' | 'pin' | 'update';

/** The key one registry lookup answers: a repository and tag. Entries with equal keys share one request. */
export function lookupKey(ref: NormalizedReference): string {
  return `${ref.domain}/${ref.path}:${ref.tag ?? 'latest'}`;
}

/**
 * Whether `command` needs the registry's current digest for this entry. A digest-only reference (`name@sha256:...`)
 * names no tag, so there is nothing to compare it with.
 */
export function needsLookup(command: Command, entry: Entry): boolean {
  if (!entry.ref || entry.status === 'skipped' || entry.status === 'error') return false;
  const tagged = entry.ref.tag !== null || entry.ref.digest === null;
  if (!tagged) return false;
  switch (command) {
    case 'ls':
      return false;
    case 'check':
      return true;
    case 'pin':
      return entry.status === 'unpinned';
    case 'update':
      return entry.status === 'pinned';
  }
}

/** A lookup's outcome: the digest now, or why it failed. */
export type Lookup = { digest: string } | { error: string };

/** The entry once its lookup is known: `stale` when its pin differs from the tag's digest now. */
export function decide(entry: Entry, lookup: Lookup | undefined): Entry {
  if (lookup === undefined) return entry;
  if ('error' in lookup) return { ...entry, status: 'error', message: lookup.error };
  const pinned = entry.ref?.digest ?? null;
  if (pinned === null) return { ...entry, current: lookup.digest };
  return { ...entry, current: lookup.digest, status: pinned === lookup.digest ? 'pinned' : 'stale' };
}

/** The digest `command` writes for this entry, if any. */
export function digestToWrite(command: Command, entry: Entry): string | undefined {
  if (entry.current === null) return undefined;
  if (command === 'pin' && entry.status === 'unpinned') return entry.current;
  if (command === 'update' && entry.status === 'stale') return entry.current;
  return undefined;
}
