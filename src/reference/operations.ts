/**
 * Named changes to a reference, in place of object spreads: which of tag and digest a step keeps is the point of each
 * (regclient's `SetDigest` keeps the tag, `AddDigest` drops it). Each returns a new reference of the same kind.
 */

import { formatReference } from './parse.js';
import { DEFAULT_TAG, effectiveTag } from './tag.js';
import type { Reference } from './types.js';

/** The tag a registry lookup asks for: the reference's own, else `latest`, whether or not it has a digest. */
export function tagOrDefault(ref: Reference): string {
  return ref.tag ?? DEFAULT_TAG;
}

/** The reference with `digest` set and its tag kept: `nginx:1.25` -> `nginx:1.25@sha256:...` (regclient `SetDigest`). */
export function withDigest<R extends Reference>(ref: R, digest: string): R {
  return { ...ref, digest };
}

/** The reference by `digest` alone, its tag dropped: `nginx:1.25` -> `nginx@sha256:...` (regclient `AddDigest`). */
export function byDigest<R extends Reference>(ref: R, digest: string): R {
  return { ...ref, tag: null, digest };
}

/** The reference without its digest, its tag (or none) kept: `nginx:1.25@sha256:...` -> `nginx:1.25`. */
export function withoutDigest<R extends Reference>(ref: R): R {
  return { ...ref, digest: null };
}

/**
 * What a registry lookup asks for: the repository at its tag, `latest` when it has none, and no digest:
 * `nginx@sha256:...` -> `nginx:latest`, `nginx:1.25@sha256:...` -> `nginx:1.25`.
 */
export function byTag<R extends Reference>(ref: R): R {
  return { ...ref, tag: tagOrDefault(ref), digest: null };
}

/** The repository alone, without tag or digest: `nginx:1.25@sha256:...` -> `nginx`. */
export function nameOnly<R extends Reference>(ref: R): R {
  return { ...ref, tag: null, digest: null };
}

/**
 * The reference as Docker reads it (Go's `TagNameOnly`): `latest` added when it has neither tag nor digest, else
 * unchanged (`nginx` -> `nginx:latest`, `nginx@sha256:...` stays).
 */
export function withDefaultTag<R extends Reference>(ref: R): R {
  return { ...ref, tag: effectiveTag(ref) };
}

/**
 * The key one registry lookup answers, the text of `byTag`: `docker.io/library/nginx:latest`. References with equal
 * keys share one request.
 */
export function lookupKey(ref: Reference): string {
  return formatReference(byTag(ref));
}
