/**
 * Manifest resolution: `HEAD` with every manifest media type accepted, the digest from `Docker-Content-Digest`;
 * when the HEAD answer is not enough (no valid digest or type, HEAD refused, an error without details), a
 * `GET` whose exact bytes are hashed. A multi-platform tag yields the digest of its index or list.
 */

import { RegistryError } from './errors.js';
import { algorithmOf, digestOf, isDigest } from './digest.js';
import { MANIFEST_ACCEPT, bareMediaType } from './media-types.js';
import { statusError, type Subject } from './status-error.js';
import { header, type HttpRequest, type HttpResponse } from './transport.js';

export interface Resolved {
  /** The digest of the manifest (or index/list) the tag points at. */
  digest: string;
  /** Its media type, e.g. `application/vnd.oci.image.index.v1+json`. */
  mediaType: string;
}

export interface ManifestLocation {
  url: string;
  subject: Subject;
  /** For a lookup by digest: the digest asked for, which the answer must match. */
  digest?: string;
}

/** Registries cap manifests at 4 MiB (distribution's limit). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Statuses where a GET cannot do better than the HEAD did. */
const FINAL_STATUSES = new Set([401, 403, 429, 500, 502, 503, 504]);

export async function resolveManifest(send: (request: HttpRequest) => Promise<HttpResponse>, location: ManifestLocation): Promise<Resolved> {
  const request = (method: 'HEAD' | 'GET'): HttpRequest => ({
    method,
    url: location.url,
    headers: { accept: MANIFEST_ACCEPT },
    maxBodyBytes: MAX_MANIFEST_BYTES,
  });
  const head = await send(request('HEAD'));
  if (head.status === 200) {
    const resolved = fromHeaders(head, location.digest);
    if (resolved !== undefined) return checked(resolved, location, head);
  } else if (FINAL_STATUSES.has(head.status)) {
    throw statusError(head, location.subject);
  }
  const get = await send(request('GET'));
  if (get.status !== 200) throw statusError(get, location.subject);
  return checked(fromBody(get, location.digest), location, get);
}

/** The answer of the headers alone, when they hold a valid digest (in the algorithm asked for) and a media type. */
function fromHeaders(response: HttpResponse, asked: string | undefined): Resolved | undefined {
  const digest = header(response, 'docker-content-digest')?.trim();
  const mediaType = bareMediaType(header(response, 'content-type'));
  if (digest === undefined || !isDigest(digest) || mediaType === undefined) return undefined;
  return asked === undefined || algorithmOf(asked) === algorithmOf(digest) ? { digest, mediaType } : undefined;
}

/** The digest of the exact bytes (in the algorithm of the digest asked for, if any), checked against the header. */
function fromBody(response: HttpResponse, asked: string | undefined): Resolved {
  const claimed = header(response, 'docker-content-digest')?.trim();
  const digest = digestOf(response.body, asked === undefined ? 'sha256' : algorithmOf(asked));
  if (claimed !== undefined && isDigest(claimed) && algorithmOf(claimed) === algorithmOf(digest) && claimed !== digest) {
    throw protocolError(`says its manifest is ${claimed} but its bytes hash to ${digest}`, response);
  }
  const mediaType = bareMediaType(header(response, 'content-type')) ?? mediaTypeField(response.body);
  if (mediaType === undefined) throw protocolError('sent a manifest without a media type', response);
  return { digest, mediaType };
}

function checked(resolved: Resolved, location: ManifestLocation, response: HttpResponse): Resolved {
  if (location.digest !== undefined && resolved.digest !== location.digest) {
    throw protocolError(`answered ${location.subject.reference} with a manifest of digest ${resolved.digest}`, response);
  }
  return resolved;
}

function mediaTypeField(body: Buffer): string | undefined {
  try {
    const { mediaType } = JSON.parse(body.toString('utf8')) as { mediaType?: unknown };
    return typeof mediaType === 'string' && mediaType !== '' ? mediaType : undefined;
  } catch {
    return undefined;
  }
}

function protocolError(what: string, response: HttpResponse): RegistryError {
  return new RegistryError(`registry ${new URL(response.url).host} ${what}`, {
    reason: 'protocol',
    status: response.status,
    url: response.url,
  });
}
