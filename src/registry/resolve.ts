/**
 * Manifest resolution: `HEAD` with every manifest media type accepted, the digest from `Docker-Content-Digest`;
 * when the HEAD answer is not enough (no valid digest or type, HEAD refused, an error without details), a
 * `GET` whose exact bytes are hashed. A multi-platform tag yields the digest of its index or list.
 */

import { algorithmOf, isDigest } from './digest.js';
import { header } from './headers.js';
import { checkDigest, fetchManifestBytes, manifestRequest, type ManifestLocation } from './manifest.js';
import { bareMediaType } from './media-types.js';
import { statusError } from './status-error.js';
import type { HttpRequest, HttpResponse } from './transport.js';

export interface Resolved {
  /** The digest of the manifest (or index/list) the tag points at. */
  digest: string;
  /** Its media type, e.g. `application/vnd.oci.image.index.v1+json`. */
  mediaType: string;
}

/** Statuses where a GET cannot do better than the HEAD did. */
const FINAL_STATUSES = new Set([401, 403, 429, 500, 502, 503, 504]);

export async function resolveManifest(send: (request: HttpRequest) => Promise<HttpResponse>, location: ManifestLocation): Promise<Resolved> {
  const head = await send(manifestRequest('HEAD', location.url));
  if (head.status === 200) {
    const resolved = fromHeaders(head, location.digest);
    if (resolved !== undefined) {
      checkDigest(resolved.digest, location, head);
      return resolved;
    }
  } else if (FINAL_STATUSES.has(head.status)) {
    throw statusError(head, location.subject);
  }
  const { digest, mediaType } = await fetchManifestBytes(send, location);
  return { digest, mediaType };
}

/** The answer of the headers alone, when they hold a valid digest (in the algorithm asked for) and a media type. */
function fromHeaders(response: HttpResponse, asked: string | undefined): Resolved | undefined {
  const digest = header(response, 'docker-content-digest')?.trim();
  const mediaType = bareMediaType(header(response, 'content-type'));
  if (digest === undefined || !isDigest(digest) || mediaType === undefined) return undefined;
  return asked === undefined || algorithmOf(asked) === algorithmOf(digest) ? { digest, mediaType } : undefined;
}
