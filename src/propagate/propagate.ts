/**
 * `propagate`: resolve an image's tag once, then reconcile every dependent with that digest, a few at a time. One
 * dependent's failure is in its result and does not stop the others. Spread out, the planner narrows the dependents
 * first: to those an image -> dependents index says use the image, then to one shard of them.
 */

import type { Dependent } from '../dependents/index.js';
import { DEFAULT_AUTHOR, type GitAuthor } from '../git/index.js';
import type { Resolver } from '../run.js';
import { defaults } from '../defaults.js';
import { mapBounded } from '../concurrency.js';
import type { RequestBudget } from '../forge/index.js';
import { reconcile } from './reconcile.js';
import { defaultWorkdir } from './workdir.js';
import { inShard, type Shard } from './shard.js';
import { indexedDependents, type UsageIndex } from './usage-index.js';
import { imageTarget, PropagationError, type ImageTarget } from './target.js';
import type { DescribeChange, Propagation } from './types.js';
import { withoutDigest } from '../reference/index.js';

export interface PropagateOptions {
  /**
   * `name[:tag]` as the dependents' files spell it (the tag defaults to `latest`), or its target already parsed
   * (`imageTarget`; `serve` parses each image once).
   */
  image: string | ImageTarget;
  /** The digest the tag is expected to point at; the propagation fails if the registry says otherwise. */
  digest?: string;
  dependents: readonly Dependent[];
  /** Asked once, for the tag's digest now. */
  resolver: Resolver;
  /** Where clones are kept between runs (default: `basepin/work` in the user's cache directory). */
  workdir?: string;
  author?: GitAuthor;
  /** Dependents reconciled at once. */
  concurrency?: number;
  /** Where forge tokens are read from (default: none). */
  env?: Record<string, string | undefined>;
  /** Adds what changed in the image to pull request bodies. */
  describeChange?: DescribeChange;
  /** Only the dependents of this shard. */
  shard?: Shard;
  /** Only the dependents this index says use the image (and those it does not know). */
  index?: UsageIndex;
  /** Pull requests opened or edited take from this; dependents it cannot serve are `deferred`. */
  budget?: RequestBudget;
}

/**
 * Moves every dependent's pins of `options.image` to the digest its tag points at now. Throws (before touching any
 * dependent) InvalidReferenceError or PropagationError for a bad image or digest, and RegistryError when the tag
 * cannot be resolved.
 */
export async function propagate(options: PropagateOptions): Promise<Propagation> {
  const target = typeof options.image === 'string' ? imageTarget(options.image) : options.image;
  const { digest, mediaType } = await options.resolver.resolve(withoutDigest(target.ref));
  if (options.digest !== undefined && options.digest !== digest) {
    throw new PropagationError(
      `${target.image} points at ${digest}, not at ${options.digest}`,
      target.image,
      'digest-mismatch',
    );
  }
  const context = {
    workdir: options.workdir ?? defaultWorkdir(),
    lockWaitMs: defaults.propagation.lockWaitMs,
    author: options.author ?? DEFAULT_AUTHOR,
    env: options.env ?? {},
    describe: memoizedDescription(options.describeChange, target.image, digest),
    reader: options.resolver,
    mediaType,
    current: async () => (await options.resolver.resolve(withoutDigest(target.ref))).digest,
    budget: options.budget,
  };
  const indexed =
    options.index === undefined ? options.dependents : indexedDependents(target, options.dependents, options.index);
  const dependents = inShard(indexed, options.shard);
  const concurrency = options.concurrency ?? defaults.propagation.concurrency;
  const results = await mapBounded(dependents, concurrency, (dependent) =>
    reconcile(dependent, target, digest, context),
  );
  return { image: target.image, digest, ...(options.shard === undefined ? {} : { shard: options.shard }), results };
}

/**
 * One description per old digest for the whole propagation. A description that cannot be made leaves the pull
 * request without one rather than holding it back.
 */
function memoizedDescription(describeChange: DescribeChange | undefined, image: string, to: string) {
  const cache = new Map<string, Promise<string | undefined>>();
  return (from: string): Promise<string | undefined> => {
    let description = cache.get(from);
    if (description === undefined) {
      description =
        describeChange === undefined
          ? Promise.resolve(undefined)
          : describeChange(image, from, to).catch(() => undefined);
      cache.set(from, description);
    }
    return description;
  };
}
