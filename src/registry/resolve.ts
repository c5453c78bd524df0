/**
 * Manifest resolution: `HEAD` with every manifest media type accepted, the digest from `Docker-Content-Digest`
 * when the answer is a plain one (one sha256 digest, a manifest media type, a plausible length); otherwise (no
 * header, a digest in another algorithm, an HTML page or any other content type, HEAD refused, an error without
 * details) a `GET` whose exact bytes are checked to be a manifest and hashed. With `verify`, always the `GET`: the
 * header alone cannot show that it is the hash of the manifest. A multi-platform tag yields the digest of its index
 * or list.
 */

import { algorithmOf, isDigest } from './digest.js';
import {
  checkDigest,
  fetchManifestBytes,
  manifestRequest,
  MAX_MANIFEST_BYTES,
  type ManifestLocation,
} from './manifest.js';
import { bareMediaType, isManifestMediaType } from './media-types.js';
import { statusError } from './status-error.js';
import type { HttpRequest, HttpResponse } from '../http/index.js';

export interface Resolved {
  /** The digest of the manifest (or index/list) the tag points at. */
  digest: string;
  /** Its media type, e.g. `application/vnd.oci.image.index.v1+json`. */
  mediaType: string;
}

export interface ResolveOptions {
  /** Hash the manifest (GET) instead of trusting the HEAD's `Docker-Content-Digest`. */
  verify?: boolean;
}

/** Statuses where a GET cannot do better than the HEAD did. */
const FINAL_STATUSES = new Set([401, 403, 429, 500, 502, 503, 504]);

export async function resolveManifest(
  send: (request: HttpRequest) => Promise<HttpResponse>,
  location: ManifestLocation,
  options: ResolveOptions = {},
): Promise<Resolved> {
  if (options.verify !== true) {
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
  }
  const { digest, mediaType } = await fetchManifestBytes(send, location);
  return { digest, mediaType };
}

/**
 * The answer of the headers alone, when they are what a registry sends for a manifest: one valid digest in the
 * algorithm pins use (sha256, or the algorithm of the digest asked for), one of the four manifest media types, and
 * no `Content-Length` a manifest cannot have. Anything else is undefined: the GET decides.
 */
function fromHeaders(response: HttpResponse, asked: string | undefined): Resolved | undefined {
  const digest = single(response.headers['docker-content-digest']);
  const mediaType = bareMediaType(single(response.headers['content-type']));
  const length = single(response.headers['content-length']);
  if (
    digest === undefined ||
    !isDigest(digest) ||
    algorithmOf(digest) !== (asked === undefined ? 'sha256' : algorithmOf(asked))
  )
    return undefined;
  if (!isManifestMediaType(mediaType)) return undefined;
  if (length !== undefined && !(/^\d+$/.test(length) && Number(length) > 0 && Number(length) <= MAX_MANIFEST_BYTES))
    return undefined;
  return { digest, mediaType };
}

/** A header's value when it has exactly one. */
function single(value: string | string[] | undefined): string | undefined {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.length === 1 ? values[0]!.trim() : undefined;
}
