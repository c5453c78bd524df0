/**
 * The registry lookups of one run: one request per distinct repository and tag, each started as soon as a reference
 * that needs it is known, so that the network works while the other files are still being read and parsed (the
 * resolver bounds the requests in flight per registry). A failed lookup is an outcome (`{ error, reason }`), not a
 * throw.
 */

import { ImageError } from './image/index.js';
import {
  lookupKey,
  needsLookup,
  type Command,
  type Lookup,
  type Failure,
  type Reason,
  type Entry,
} from './plan/index.js';
import { byTag, type NormalizedReference } from './reference/index.js';
import { RegistryError, type RegistryErrorReason } from './registry/light.js';

export interface TagResolver {
  resolve(ref: NormalizedReference): Promise<{ digest: string; mediaType?: string }>;
}

export class Lookups {
  private readonly started = new Map<string, Promise<Lookup>>();

  constructor(
    private readonly command: Command,
    private readonly resolver: TagResolver | undefined,
  ) {}

  /** Starts the lookup `entry` needs, unless it needs none or it is already under way. */
  want(entry: Entry): void {
    if (!entry.ref || !needsLookup(this.command, entry)) return;
    if (!this.resolver) throw new Error(`${this.command} needs a registry resolver`);
    const key = lookupKey(entry.ref);
    if (!this.started.has(key)) this.started.set(key, this.ask(entry.ref));
  }

  /** Every lookup started, once all have answered, by key. */
  async all(): Promise<Map<string, Lookup>> {
    const keys = [...this.started.keys()];
    const answers = await Promise.all(this.started.values());
    return new Map(keys.map((key, index) => [key, answers[index]!]));
  }

  private async ask(ref: NormalizedReference): Promise<Lookup> {
    try {
      const { digest, mediaType } = await this.resolver!.resolve(byTag(ref));
      return mediaType === undefined ? { digest } : { digest, mediaType };
    } catch (error) {
      return failure(error);
    }
  }
}

/** How each registry failure is reported (plan/reason.ts): a timeout is one way of being unreachable. */
const REGISTRY_REASONS: Record<RegistryErrorReason, Reason> = {
  unauthorized: 'unauthorized',
  denied: 'unauthorized',
  'not-found': 'not-found',
  unreachable: 'unreachable',
  timeout: 'unreachable',
  'rate-limited': 'rate-limited',
  protocol: 'invalid',
};

/**
 * A failed registry read as an outcome: its message and its reason. A manifest or config that cannot be read (or is
 * for no platform asked) is an invalid answer; any other error is not one basepin expects, so `internal`.
 */
export function failure(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RegistryError) return { error: message, reason: REGISTRY_REASONS[error.reason] };
  if (error instanceof ImageError) return { error: message, reason: 'invalid' };
  return { error: message, reason: 'internal' };
}
