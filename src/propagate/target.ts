/** The image a propagation moves: its normalized name and tag, and the branch proposals for it go to. Pure. */

import { type NormalizedReference, byTag, lookupKey, parseNormalized, tagOrDefault } from '../reference/index.js';

export interface ImageTarget {
  ref: NormalizedReference;
  /** `registry.internal/platform/base:2`: the normalized name and tag (the tag defaults to `latest`). */
  image: string;
  /** `basepin/platform/base-2`: the branch of pull-request mode. */
  branch: string;
}

/** A propagation that cannot start: the image is not a name and tag, or the digest given is not the tag's. */
export class PropagationError extends Error {
  override name = 'PropagationError';
  constructor(
    message: string,
    readonly image: string,
    readonly reason: 'invalid-image' | 'digest-mismatch',
  ) {
    super(message);
  }
}

/** The target for `image` (`name[:tag]`); throws InvalidReferenceError, or PropagationError for a digest. */
export function imageTarget(image: string): ImageTarget {
  const parsed = parseNormalized(image);
  if (parsed.digest !== null) {
    throw new PropagationError(
      `${image}: give a name and tag; the digest is the registry's to say`,
      image,
      'invalid-image',
    );
  }
  const ref = byTag(parsed);
  return { ref, image: lookupKey(ref), branch: proposalBranch(ref.path, tagOrDefault(ref)) };
}

/**
 * `basepin/<path>-<tag>`, made a valid git branch name: a tag may hold `..`, end in `.` or in `.lock`, which git
 * refuses in a ref (repository paths never do).
 */
export function proposalBranch(path: string, tag: string): string {
  const safeTag = tag
    .replace(/\.{2,}/g, '.')
    .replace(/\.lock$/, '-lock')
    .replace(/\.$/, '');
  return `basepin/${path}-${safeTag}`;
}
