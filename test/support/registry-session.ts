/**
 * What the RegistryClient suites share: image names built from their parts, and a registry with a client that a
 * suite starts before its tests and stops after them.
 */

import { after, before } from 'node:test';
import { RegistryClient, type ImageName } from '../../src/registry/index.js';
import type { PushTarget } from './push.js';
import { startRegistry, type RunningRegistry } from './registry.js';

/** The image `domain/path`, by `tag`, `digest` or both. */
export function image(domain: string, path: string, tag: string | null, digest: string | null = null): ImageName {
  return { domain, path, tag, digest };
}

export interface RegistrySession {
  registry: RunningRegistry;
  /** Where the push helpers push to `registry`. */
  target: PushTarget;
  /** A client that does not retry. */
  client: RegistryClient;
}

/**
 * Registers `before` and `after` hooks in the calling suite: a registry without auth and a client start before its
 * tests, and both stop after them. The fields are set once the tests run.
 */
export function useRegistrySession(): RegistrySession {
  const session = {} as RegistrySession;
  before(async () => {
    session.registry = await startRegistry();
    session.target = { url: session.registry.url };
    session.client = new RegistryClient({ retries: 0 });
  });
  after(async () => {
    await session.client.close();
    await session.registry.stop();
  });
  return session;
}
