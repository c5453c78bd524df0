/**
 * Webhook authentication with one shared secret, compared in constant time:
 * - `Authorization: Bearer <secret>` (the distribution registry's configured headers, Harbor's auth header);
 * - `?token=<secret>` where the sender cannot set headers (Docker Hub);
 * - a body signature `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`, for senders (or relays) that sign.
 *   A request that carries a signature must carry a valid one, whatever else it has.
 */

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface PresentedCredentials {
  authorization?: string;
  /** The `token` query parameter, where the route accepts it. */
  queryToken?: string;
  /** The `X-Hub-Signature-256` header. */
  signature?: string;
  body: Buffer;
}

export const SIGNATURE_HEADER = 'x-hub-signature-256';

export function authenticated(secret: string, presented: PresentedCredentials): boolean {
  if (presented.signature !== undefined) {
    const expected = `sha256=${createHmac('sha256', secret).update(presented.body).digest('hex')}`;
    return sameSecret(presented.signature.trim().toLowerCase(), expected);
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(presented.authorization ?? '')?.[1];
  if (bearer !== undefined && sameSecret(bearer, secret)) return true;
  return presented.queryToken !== undefined && sameSecret(presented.queryToken, secret);
}

/** Constant-time equality that does not reveal the secret's length either: both sides are hashed first. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
