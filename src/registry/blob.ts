/** A blob (an image config or a layer) by digest: `GET`, size-capped, its bytes hashed and checked against the digest. */

import { algorithmOf, digestOf } from './digest.js';
import { protocolError, statusError, type Subject } from './status-error.js';
import type { HttpRequest, HttpResponse } from '../http/index.js';

export interface BlobLocation {
  url: string;
  digest: string;
  /** Longest blob accepted; a longer one is a `protocol` error. */
  maxBytes: number;
  subject: Subject;
}

/** The blob's bytes. Throws `RegistryError`. */
export async function fetchBlobBytes(
  send: (request: HttpRequest) => Promise<HttpResponse>,
  location: BlobLocation,
): Promise<Buffer> {
  const response = await send({ method: 'GET', url: location.url, maxBodyBytes: location.maxBytes });
  if (response.status !== 200) throw statusError(response, location.subject);
  const actual = digestOf(response.body, algorithmOf(location.digest));
  if (actual !== location.digest) {
    throw protocolError(`answered ${location.subject.reference} with bytes of digest ${actual}`, response);
  }
  return response.body;
}
