/**
 * The registry side of platform pins (see plan/platform-pins.ts for the rule): for each pin that differs from its
 * tag's digest when the tag may be an index, read the index once (by its digest, so that it is the one the lookup
 * answered), and for a pin it does not list, the pinned manifest and, for an image, its config's platform. Each
 * index and each old pin is read once per run, whatever number of references share it; a pin equal to its tag's
 * digest (the common case) costs nothing more than the lookup.
 */

import { defaults } from './defaults.js';
import { parseConfig, parseManifest, type ImageSource, type IndexChild } from './image/index.js';
import { failure } from './lookups.js';
import { type Lookup, mayBeIndex, needsPinnedManifest, type PinFacts, type Entry, type Failure } from './plan/index.js';
import { type NormalizedReference, byDigest } from './reference/index.js';

type Read<T> = T | Failure;
type IndexChildren = readonly IndexChild[];
type Pinned = NonNullable<PinFacts['pinned']>;

/**
 * The facts for every entry whose pin differs from the digest its lookup found, keyed by entry. `lookupOf` is the lookup that answers an entry (undefined when it asked for none).
 */
export async function readPinFacts(
  entries: readonly Entry[],
  lookupOf: (entry: Entry) => Lookup | undefined,
  reader: ImageSource,
): Promise<Map<Entry, PinFacts>> {
  const facts = new Map<Entry, PinFacts>();
  const indexes = new Memo<Read<IndexChildren>>();
  const pins = new Memo<Pinned>();

  await Promise.all(
    entries.map(async (entry) => {
      const lookup = lookupOf(entry);
      const pin = entry.ref?.digest;
      if (!entry.ref || !pin || lookup === undefined || 'error' in lookup || lookup.digest === pin) return;
      if (!mayBeIndex(lookup.mediaType)) return;
      const ref = entry.ref;
      const at = (digest: string) => `${ref.domain}/${ref.path}@${digest}`;
      const index = await indexes.get(at(lookup.digest), () => readIndex(reader, ref, lookup.digest));
      if (index === undefined) return; // a single image after all: an ordinary stale pin
      const one: PinFacts = { index };
      if (needsPinnedManifest(index, pin)) one.pinned = await pins.get(at(pin), () => readPinned(reader, ref, pin));
      facts.set(entry, one);
    }),
  );
  return facts;
}

/** The children of the index `digest`, or undefined when that manifest is a single image. */
async function readIndex(
  source: ImageSource,
  ref: NormalizedReference,
  digest: string,
): Promise<Read<IndexChildren> | undefined> {
  try {
    const fetched = await source.fetchManifest(byDigest(ref, digest));
    const manifest = parseManifest(fetched.bytes, fetched.mediaType, fetched.digest);
    return manifest.kind === 'index' ? manifest.children : undefined;
  } catch (error) {
    return failure(error);
  }
}

/** What the pinned manifest is: an index, or an image and the platform its config names. */
async function readPinned(source: ImageSource, ref: NormalizedReference, digest: string): Promise<Pinned> {
  try {
    const fetched = await source.fetchManifest(byDigest(ref, digest));
    const manifest = parseManifest(fetched.bytes, fetched.mediaType, fetched.digest);
    if (manifest.kind === 'index') return { kind: 'index' };
    const bytes = await source.fetchBlob(ref, manifest.config.digest, { maxBytes: defaults.maxConfigBytes });
    const config = parseConfig(bytes, manifest.config.digest);
    const { os, architecture } = config.platform;
    return { kind: 'image', platform: os !== '' && architecture !== '' ? config.platform : null };
  } catch (error) {
    return failure(error);
  }
}

/** One promise per key: concurrent entries that need the same read share it. */
class Memo<T> {
  private readonly values = new Map<string, Promise<T | undefined>>();

  get(key: string, read: () => Promise<T | undefined>): Promise<T | undefined> {
    let value = this.values.get(key);
    if (value === undefined) {
      value = read();
      this.values.set(key, value);
    }
    return value;
  }
}
