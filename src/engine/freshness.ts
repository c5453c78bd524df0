/**
 * Is the engine's cached copy of a tag the registry's image? Pure. The engine records, in `RepoDigests`, the digests an
 * image was pulled as: for a multi-platform tag the index digest, the platform image's digest, or both (Docker keeps the
 * index's, podman both). So a cached copy is current when it holds the tag's digest or, for an index, the digest of
 * the engine platform's image in it.
 */

/** What the engine and the registry say about one tag. */
export interface TagState {
  /** Digests of the engine's image for the tag (from `RepoDigests`); null when the engine holds no image for it. */
  cached: string[] | null;
  /** The registry's digest for the tag now (an index for a multi-platform tag). */
  current: string;
  /** For a multi-platform tag: the digest of the engine platform's image in the current index, when it was needed. */
  currentPlatform: string | null;
}

/**
 * - `missing`: the engine holds no image for the tag;
 * - `stale`: its image is not the registry's current one (older, or built locally);
 * - `mismatch`: its image is current, but the reference pins another digest (the pin differs from both);
 * - `fresh`: its image is current, and so is the pin, if any.
 */
export type CacheStatus = 'fresh' | 'stale' | 'missing' | 'mismatch';

export function cacheStatus(state: TagState, pinned: string | null): CacheStatus {
  if (state.cached === null) return 'missing';
  if (!isCurrent(state, state.cached)) return 'stale';
  return pinned === null || isCurrent(state, [pinned]) ? 'fresh' : 'mismatch';
}

/** Whether `digests` hold the registry's current image: the tag's digest, or the engine platform's image digest. */
function isCurrent(state: TagState, digests: readonly string[]): boolean {
  return digests.includes(state.current) || (state.currentPlatform !== null && digests.includes(state.currentPlatform));
}

/**
 * Whether telling `cacheStatus` needs the engine platform's digest: only for a multi-platform tag, and only when the
 * cached digests or a pin do not already name the index. (Each manifest GET counts against Docker Hub's pull limit.)
 */
export function needsPlatformDigest(
  state: Omit<TagState, 'currentPlatform'>,
  isIndex: boolean,
  pins: readonly (string | null)[],
): boolean {
  if (!isIndex || state.cached === null) return false;
  if (!state.cached.includes(state.current)) return true;
  return pins.some((pin) => pin !== null && pin !== state.current);
}
