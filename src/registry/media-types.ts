/** The manifest media types basepin accepts, most specific first. */

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

/**
 * All four, always sent together: a registry serves an OCI manifest only when `Accept` names its type, and
 * answers a Docker manifest list with its linux/amd64 child when only the single-manifest type is named.
 */
export const MANIFEST_ACCEPT = [OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST].join(', ');

/** Whether `mediaType` is one of the four manifest media types basepin accepts. */
export function isManifestMediaType(mediaType: string | undefined): mediaType is string {
  return (
    mediaType === OCI_INDEX ||
    mediaType === DOCKER_MANIFEST_LIST ||
    mediaType === OCI_MANIFEST ||
    mediaType === DOCKER_MANIFEST
  );
}

/** Whether `mediaType` is an index or a list (of per-platform manifests), not a single image's manifest. */
export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}

/** `application/json; charset=utf-8` -> `application/json`; undefined for a missing or empty value. */
export function bareMediaType(contentType: string | undefined): string | undefined {
  const bare = contentType?.split(';')[0].trim().toLowerCase();
  return bare === '' ? undefined : bare;
}
