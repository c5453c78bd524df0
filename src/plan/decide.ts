import { decidePlatformPin, type PinFacts } from './platform-pins.js';
import { POLICY, type Command } from './policy.js';
import type { Failure } from './reason.js';
import type { Entry } from './types.js';

export type { Command } from './policy.js';
/** Re-exported for the pipeline: the key one registry lookup answers (see reference/operations.ts). */
export { lookupKey } from '../reference/index.js';

/**
 * Whether `command` needs the registry's current digest for this entry (policy.ts says for which statuses). A
 * digest-only reference (`name@sha256:...`) names no tag, so there is nothing to compare it with.
 */
export function needsLookup(command: Command, entry: Entry): boolean {
  if (!entry.ref) return false;
  const tagged = entry.ref.tag !== null || entry.ref.digest === null;
  return tagged && (POLICY[command].lookUp as readonly string[]).includes(entry.status);
}

/** A lookup's outcome: the digest now (and its media type, when the resolver says), or why it failed. */
export type Lookup = { digest: string; mediaType?: string } | Failure;

/**
 * The entry once its lookup is known: `stale` when its pin differs from the tag's digest now. A pin that differs is
 * decided with `facts` when they were read (a tag that points at an index: see platform-pins.ts).
 */
export function decide(entry: Entry, lookup: Lookup | undefined, facts?: PinFacts): Entry {
  if (lookup === undefined) return entry;
  if ('error' in lookup) return { ...entry, status: 'error', message: lookup.error, reason: lookup.reason };
  const pinned = entry.ref?.digest ?? null;
  if (pinned === null) return { ...entry, current: lookup.digest };
  if (pinned === lookup.digest) return { ...entry, current: lookup.digest, status: 'pinned' };
  if (facts === undefined) return { ...entry, current: lookup.digest, status: 'stale' };
  const decision = decidePlatformPin(pinned, lookup.digest, facts);
  if (decision.status === 'error')
    return { ...entry, status: 'error', message: decision.message, reason: decision.reason };
  const note = decision.status === 'stale' && decision.message !== undefined ? { message: decision.message } : {};
  return { ...entry, status: decision.status, current: decision.current, ...note };
}

/** The digest `command` writes for this entry, if any (policy.ts says for which statuses). */
export function digestToWrite(command: Command, entry: Entry): string | undefined {
  if (entry.current === null) return undefined;
  return (POLICY[command].write as readonly string[]).includes(entry.status) ? entry.current : undefined;
}
