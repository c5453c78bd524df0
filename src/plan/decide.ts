import type { NormalizedReference } from '../reference/index.js';
import { decidePlatformPin, type PinFacts } from './platform-pins.js';
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

/** A lookup's outcome: the digest now (and its media type, when the resolver says), or why it failed. */
export type Lookup = { digest: string; mediaType?: string } | { error: string };

/**
 * The entry once its lookup is known: `stale` when its pin differs from the tag's digest now. A pin that differs is
 * decided with `facts` when they were read (a tag that points at an index: see platform-pins.ts).
 */
export function decide(entry: Entry, lookup: Lookup | undefined, facts?: PinFacts): Entry {
  if (lookup === undefined) return entry;
  if ('error' in lookup) return { ...entry, status: 'error', message: lookup.error };
  const pinned = entry.ref?.digest ?? null;
  if (pinned === null) return { ...entry, current: lookup.digest };
  if (pinned === lookup.digest) return { ...entry, current: lookup.digest, status: 'pinned' };
  if (facts === undefined) return { ...entry, current: lookup.digest, status: 'stale' };
  const decision = decidePlatformPin(pinned, lookup.digest, facts);
  if (decision.status === 'error') return { ...entry, status: 'error', message: decision.message };
  const note = decision.status === 'stale' && decision.message !== undefined ? { message: decision.message } : {};
  return { ...entry, status: decision.status, current: decision.current, ...note };
}

/** The digest `command` writes for this entry, if any. */
export function digestToWrite(command: Command, entry: Entry): string | undefined {
  if (entry.current === null) return undefined;
  if (command === 'pin' && entry.status === 'unpinned') return entry.current;
  if (command === 'update' && entry.status === 'stale') return entry.current;
  return undefined;
}
