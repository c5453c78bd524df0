/**
 * A manifest's exact bytes: `GET` with every manifest media type accepted, the bytes hashed and checked against
 * the registry's `Docker-Content-Digest` and against the digest asked for, if any.
 */

import { algorithmOf, digestOf, isDigest } from './digest.js';
import { header } from './headers.js';
import { MANIFEST_ACCEPT, bareMediaType } from './media-types.js';
import { protocolError, statusError, type Subject } from './status-error.js';
import type { HttpRequest, HttpResponse } from './transport.js';

export interface Manifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

export interface ManifestLocation {
  url: string;
  subject: Subject;
  /** For a lookup by digest: the digest asked for, which the answer must match. */
  digest?: string;
}

/** Registries cap manifests at 4 MiB (distribution's limit). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** A `HEAD` or `GET` of a manifest URL accepting all four manifest media types. */
export function manifestRequest(method: 'HEAD' | 'GET', url: string): HttpRequest {
  return { method, url, headers: { accept: MANIFEST_ACCEPT }, maxBodyBytes: MAX_MANIFEST_BYTES };
}

/** `GET`s the manifest at `location` and checks its bytes. Throws `RegistryError`. */
export async function fetchManifestBytes(
  send: (request: HttpRequest) => Promise<HttpResponse>,
  location: ManifestLocation,
): Promise<Manifest> {
  const response = await send(manifestRequest('GET', location.url));
  if (response.status !== 200) throw statusError(response, location.subject);
  const claimed = header(response, 'docker-content-digest')?.trim();
  const digest = digestOf(response.body, location.digest === undefined ? 'sha256' : algorithmOf(location.digest));
  if (claimed !== undefined && isDigest(claimed) && algorithmOf(claimed) === algorithmOf(digest) && claimed !== digest) {
    throw protocolError(`says its manifest is ${claimed} but its bytes hash to ${digest}`, response);
  }
  const mediaType = bareMediaType(header(response, 'content-type')) ?? mediaTypeField(response.body);
  if (mediaType === undefined) throw protocolError('sent a manifest without a media type', response);
  checkDigest(digest, location, response);
  return { digest, mediaType, bytes: response.body };
}

/** Throws unless `digest` is the one `location` asked for (when it asked for one). */
export function checkDigest(digest: string, location: ManifestLocation, response: HttpResponse): void {
  if (location.digest !== undefined && digest !== location.digest) {
    throw protocolError(`answered ${location.subject.reference} with a manifest of digest ${digest}`, response);
  }
}

function mediaTypeField(body: Buffer): string | undefined {
  try {
    const { mediaType } = JSON.parse(body.toString('utf8')) as { mediaType?: unknown };
    return typeof mediaType === 'string' && mediaType !== '' ? mediaType : undefined;
  } catch {
    return undefined;
  }
}
