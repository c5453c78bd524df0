import { lookupKey } from '../reference/index.js';
import type { ImageSource } from '../image/index.js';
import type { Resolver } from '../run.js';

/**
 * A resolver that knows one answer: the digest a propagation resolved once for its image, so that every dependent
 * moves to the same digest even if the tag moves again meanwhile. Any other image is an error. Manifests and blobs
 * (by digest, so they cannot move) are read through `reader`, so that a dependent's pin to one platform of
 * a multi-platform image moves to that platform's image (see run.ts `Resolver`); `mediaType`, the digest's, spares
 * that read when the image is a single-platform one.
 */
export function fixedResolver(
  image: string,
  digest: string,
  more: { reader: ImageSource; mediaType?: string },
): Resolver {
  const { reader, mediaType } = more;
  return {
    resolve: async (ref) => {
      const asked = lookupKey(ref);
      if (asked !== image) throw new Error(`this propagation resolves ${image} only, not ${asked}`);
      return mediaType === undefined ? { digest } : { digest, mediaType };
    },
    fetchManifest: (ref) => reader.fetchManifest(ref),
    fetchBlob: (ref, blob, options) => reader.fetchBlob(ref, blob, options),
  };
}
