import { repositoryName } from '../reference/index.js';
import type { Resolver } from '../run.js';

/**
 * A resolver that knows one answer: the digest a propagation resolved once for its image, so that every dependent
 * moves to the same digest even if the tag moves again meanwhile. Any other image is an error.
 */
export function fixedResolver(image: string, digest: string): Resolver {
  return {
    resolve: async (ref) => {
      const asked = `${repositoryName(ref)}:${ref.tag ?? 'latest'}`;
      if (asked !== image) throw new Error(`this propagation resolves ${image} only, not ${asked}`);
      return { digest };
    },
  };
}
