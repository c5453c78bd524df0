/**
 * GitHub answers a rate limit with 403 as often as with 429: with `Retry-After` (secondary limits), or with
 * `X-RateLimit-Remaining: 0` and `X-RateLimit-Reset` (when the primary limit resets, in epoch seconds). The retry
 * layer shared with the registry client waits on a 429 and honours `Retry-After`, so a rate limit is shown to it in
 * that form. GitLab already answers 429 with `Retry-After`. Pure.
 */

import { type HttpResponse, header } from '../http/index.js';

/** `response` as the retry layer should see it: a rate limit as a 429 with `Retry-After`; anything else unchanged. */
export function asRetryable(response: HttpResponse, nowMs: number): HttpResponse {
  if (response.status !== 403 && response.status !== 429) return response;
  if (header(response, 'retry-after') !== undefined) return { ...response, status: 429 };
  const reset = Number(header(response, 'x-ratelimit-reset'));
  if (header(response, 'x-ratelimit-remaining') !== '0' || !Number.isFinite(reset)) return response;
  const seconds = Math.max(0, Math.ceil(reset - nowMs / 1000));
  return { ...response, status: 429, headers: { ...response.headers, 'retry-after': String(seconds) } };
}
