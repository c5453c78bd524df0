/** Turns a registry's error answer (status + JSON error body) into a `RegistryError` with a message for users. */

import { RegistryError, type RegistryErrorReason } from './errors.js';
import { header, type HttpResponse } from './transport.js';

/** What a request was about, for messages: `127.0.0.1:5000/app:9`, plus how it was asked. */
export interface Subject {
  /** The reference as the user knows it. */
  reference: string;
  /** The repository part alone (`127.0.0.1:5000/app`), named when the whole repository is unknown. */
  repository: string;
  /** Where the request went, when that is not the reference's own host (a mirror). */
  via?: string;
  /** Whether credentials were sent. */
  withCredentials: boolean;
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
  if (status === 404) return fail('not-found', `manifest unknown: ${subject.reference} not found${via}`);
  if (status === 401 && subject.withCredentials) {
    return fail('unauthorized', `unauthorized: ${host} rejected the credentials for ${subject.reference}`);
  }
  if (status === 401) return fail('unauthorized', `unauthorized: ${subject.reference} needs credentials for ${host}`);
  if (status === 403) return fail('denied', `denied: no pull access to ${subject.reference}${via}`);
  if (status === 429) {
    return fail('rate-limited', `rate-limited: ${host} refused more requests for ${subject.reference}${retryAfter(response)}`);
  }
  if (status >= 500) return fail('unreachable', `registry ${host} failed to answer for ${subject.reference}`);
  return fail('protocol', `unexpected answer from ${host} for ${subject.reference}`);
}

function retryAfter(response: HttpResponse): string {
  const value = header(response, 'retry-after');
  return value === undefined ? '' : ` (retry after ${value})`;
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
