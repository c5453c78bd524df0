/**
 * One tag, asked of both sides: the engine (which image it caches under the tag) and the registry (the tag's digest
 * now, and for a multi-platform tag, when needed, the digest of the engine platform's image in the index).
 */

import { isIndexMediaType, parseManifest, selectPlatform, type Platform } from '../image/index.js';
import { type NormalizedReference, byDigest, byTag } from '../reference/index.js';
import type { EngineClient } from './client.js';
import { needsPlatformDigest, type TagState } from './freshness.js';
import { engineImageName, repoDigestDigests } from './names.js';

/** The registry questions `doctor` asks; `RegistryClient` answers them. */
export interface TagRegistry {
  resolve(ref: NormalizedReference): Promise<{ digest: string; mediaType: string }>;
  fetchManifest(ref: NormalizedReference): Promise<{ digest: string; mediaType: string; bytes: Uint8Array }>;
}

export interface TagCheck {
  engine: EngineClient;
  registry: TagRegistry;
  /** The platform the engine runs images for. */
  platform: Platform;
}

/** A tag's state, or why it could not be told. */
export type TagResult = { state: TagState } | { error: string };

/** `ref`'s tag (`latest` when it has none) on both sides; `pins` are the digests references pin it to. */
export async function checkTag(
  check: TagCheck,
  ref: NormalizedReference,
  pins: readonly (string | null)[],
): Promise<TagResult> {
  const tagged = byTag(ref);
  try {
    const [local, resolved] = await Promise.all([
      check.engine.inspectImage(engineImageName(tagged)),
      check.registry.resolve(tagged),
    ]);
    const found = {
      cached: local === undefined ? null : repoDigestDigests(local.repoDigests),
      current: resolved.digest,
    };
    if (!needsPlatformDigest(found, isIndexMediaType(resolved.mediaType), pins))
      return { state: { ...found, currentPlatform: null } };
    return {
      state: {
        ...found,
        currentPlatform: await platformDigest(check, byDigest(tagged, resolved.digest)),
      },
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The digest of the engine platform's image in the index `index` points at. */
async function platformDigest(check: TagCheck, index: NormalizedReference): Promise<string> {
  const fetched = await check.registry.fetchManifest(index);
  const manifest = parseManifest(fetched.bytes, fetched.mediaType, fetched.digest);
  if (manifest.kind !== 'index') return fetched.digest;
  return selectPlatform(manifest.children, check.platform, fetched.digest).digest;
}
