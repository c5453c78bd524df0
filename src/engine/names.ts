/** How the engine names an image: Docker's familiar form, which podman's compatible API reads the same way. */

import { type NormalizedReference, byTag, familiarName, familiarString } from '../reference/index.js';

/**
 * The name to ask the engine about for `ref`'s tag: `nginx:1.25` for `docker.io/library/nginx:1.25`,
 * `registry:5000/team/app:2` with a registry host. A reference without a tag means `latest`; any digest is dropped.
 */
export function engineImageName(ref: NormalizedReference): string {
  return familiarString(byTag(ref));
}

/** The repository part of `engineImageName` (`nginx`, `registry:5000/team/app`), as `fromImage` of a pull wants it. */
export function engineRepository(ref: NormalizedReference): string {
  return familiarName(ref);
}

/** The digests in `RepoDigests` entries (`nginx@sha256:...`), whatever repository each names. */
export function repoDigestDigests(repoDigests: readonly string[]): string[] {
  return repoDigests.map((entry) => entry.slice(entry.lastIndexOf('@') + 1)).filter((digest) => digest.includes(':'));
}
