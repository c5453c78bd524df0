/**
 * A manifest's exact bytes: `GET` with every manifest media type accepted, the bytes checked to be a manifest, hashed
 * and checked against the registry's `Docker-Content-Digest` and against the digest asked for, if any.
 */

import { algorithmOf, digestOf, isDigest } from './digest.js';
import type { RegistryError } from './errors.js';
import { manifestMediaType } from './manifest-body.js';
import { MANIFEST_ACCEPT, bareMediaType } from './media-types.js';
import { protocolError, statusError, type Subject } from './status-error.js';
import { type HttpRequest, type HttpResponse, header, redactUrl } from '../http/index.js';

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
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** A `HEAD` or `GET` of a manifest URL accepting all four manifest media types. */
export function manifestRequest(method: 'HEAD' | 'GET', url: string): HttpRequest {
  return { method, url, headers: { accept: MANIFEST_ACCEPT }, maxBodyBytes: MAX_MANIFEST_BYTES };
}

/**
 * `GET`s the manifest at `location` and checks its bytes: they must be a manifest (see manifest-body.ts), and every
 * `Docker-Content-Digest` the registry sends must be their hash, in the header's own algorithm (sha256, sha384 or
 * sha512). The digest returned is the sha256 of the bytes (Docker and BuildKit pins are sha256), or, for a lookup
 * by digest, the hash in the algorithm asked for. Throws `RegistryError`.
 */
export async function fetchManifestBytes(
  send: (request: HttpRequest) => Promise<HttpResponse>,
  location: ManifestLocation,
): Promise<Manifest> {
  const response = await send(manifestRequest('GET', location.url));
  if (response.status !== 200) throw statusError(response, location.subject);
  const digest = digestOf(response.body, location.digest === undefined ? 'sha256' : algorithmOf(location.digest));
  for (const claimed of headerValues(response, 'docker-content-digest')) {
    if (!isDigest(claimed))
      throw untrusted(`a Docker-Content-Digest that is not a digest (${JSON.stringify(claimed)})`, response, location);
    const hashed = digestOf(response.body, algorithmOf(claimed));
    if (claimed !== hashed) {
      throw untrusted(
        `a manifest whose bytes hash to ${hashed}, not to the ${claimed} its Docker-Content-Digest claims`,
        response,
        location,
      );
    }
  }
  const checked = manifestMediaType(response.body, bareMediaType(header(response, 'content-type')));
  if ('problem' in checked) throw untrusted(checked.problem, response, location);
  checkDigest(digest, location, response);
  return { digest, mediaType: checked.mediaType, bytes: response.body };
}

/** Throws unless `digest` is the one `location` asked for (when it asked for one). */
export function checkDigest(digest: string, location: ManifestLocation, response: HttpResponse): void {
  if (location.digest !== undefined && digest !== location.digest) {
    throw untrusted(`a manifest of digest ${digest}`, response, location);
  }
}

/** An answer that cannot be trusted: "registry HOST answered REFERENCE with WHAT (URL, redacted)". */
function untrusted(what: string, response: HttpResponse, location: ManifestLocation): RegistryError {
  const via = location.subject.via === undefined ? '' : ` via ${location.subject.via}`;
  return protocolError(
    `answered ${location.subject.reference}${via} with ${what} (${redactUrl(response.url)})`,
    response,
  );
}

/** Every value of a response header, trimmed (a registry may repeat one). */
function headerValues(response: HttpResponse, name: string): string[] {
  const value = response.headers[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((item) => item.trim());
}
