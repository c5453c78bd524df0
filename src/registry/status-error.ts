/** Turns a registry's error answer (status + JSON error body) into a `RegistryError` with a message for users. */

import { parseChallenges } from './challenge.js';
import { RegistryError, type RegistryErrorReason } from './errors.js';
import { rateLimitAdvice } from './rate-limit.js';
import type { HttpResponse } from '../http/index.js';

/** What a request was about, for messages: `127.0.0.1:5000/app:9`, plus how it was asked. */
export interface Subject {
  /** The reference as the user knows it. */
  reference: string;
  /** The repository part alone (`127.0.0.1:5000/app`), named when the whole repository is unknown. */
  repository: string;
  /** Where the request went, when that is not the reference's own host (a mirror). */
  via?: string;
  /** What was asked for; `manifest` unless told. */
  object?: 'manifest' | 'blob';
}

export function statusError(response: HttpResponse, subject: Subject): RegistryError {
  const codes = errorCodes(response.body);
  const { status, url } = response;
  const host = new URL(url).host;
  const via = subject.via === undefined ? '' : ` via ${subject.via}`;
  const fail = (reason: RegistryErrorReason, message: string): RegistryError =>
    new RegistryError(`${message} (${[String(status), ...codes].join(' ')})`, { reason, status, codes, url });

  if (status === 404 && codes.includes('NAME_UNKNOWN')) {
    return fail('not-found', `repository unknown: ${subject.repository} not found${via}`);
  }
  if (status === 404)
    return fail('not-found', `${subject.object ?? 'manifest'} unknown: ${subject.reference} not found${via}`);
  if (status === 401 && response.credentialsSent === true) {
    if (insufficientScope(response)) {
      return fail('denied', `denied: the credentials for ${host} do not grant pull access to ${subject.reference}`);
    }
    return fail('unauthorized', `unauthorized: ${host} rejected the credentials for ${subject.reference}`);
  }
  if (status === 401) return fail('unauthorized', `unauthorized: ${subject.reference} needs credentials for ${host}`);
  if (status === 403) return fail('denied', `denied: no pull access to ${subject.reference}${via}`);
  if (status === 429) {
    const advice = rateLimitAdvice(response, Date.now());
    return fail('rate-limited', `rate-limited: ${host} refused more requests for ${subject.reference}: ${advice}`);
  }
  if (status >= 500) return fail('unreachable', `registry ${host} failed to answer for ${subject.reference}`);
  return fail('protocol', `unexpected answer from ${host} for ${subject.reference}`);
}

/** An answer that breaks the distribution protocol (a digest mismatch, a missing media type). */
export function protocolError(what: string, response: HttpResponse): RegistryError {
  return new RegistryError(`registry ${new URL(response.url).host} ${what}`, {
    reason: 'protocol',
    status: response.status,
    url: response.url,
  });
}

/** The registry's challenge says the token lacks the scope asked for (RFC 6750 `insufficient_scope`). */
function insufficientScope(response: HttpResponse): boolean {
  return parseChallenges(response.headers['www-authenticate']).some(
    (challenge) => challenge.params.error === 'insufficient_scope',
  );
}

/** The `code`s of a distribution error body `{"errors":[{"code":"...","message":"..."}]}`; empty when absent. */
export function errorCodes(body: Buffer): string[] {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    const errors = (parsed as { errors?: unknown }).errors;
    if (!Array.isArray(errors)) return [];
    return errors.flatMap((error: { code?: unknown }) => (typeof error?.code === 'string' ? [error.code] : []));
  } catch {
    return [];
  }
}
