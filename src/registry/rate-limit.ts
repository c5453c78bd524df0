/**
 * Docker Hub's pull rate limit as its answers state it: `ratelimit-limit: 100;w=21600` and
 * `ratelimit-remaining: 76;w=21600` (a count, then the window in seconds), for `--verbose` and for the message
 * when a registry answers 429.
 */

import { type HttpResponse, header, parseRetryAfter } from '../http/index.js';

export interface RateLimit {
  limit: number;
  remaining?: number;
  /** The window the limit counts over, in seconds. */
  windowSeconds?: number;
}

/** The rate limit an answer states, or undefined when it states none. */
export function rateLimitOf(response: Pick<HttpResponse, 'headers'>): RateLimit | undefined {
  const limit = parseValue(header(response, 'ratelimit-limit'));
  if (limit === undefined) return undefined;
  const remaining = parseValue(header(response, 'ratelimit-remaining'));
  return {
    limit: limit.count,
    ...(remaining === undefined ? {} : { remaining: remaining.count }),
    ...(limit.window === undefined ? {} : { windowSeconds: limit.window }),
  };
}

/** `76 of 100 requests left per 6 h`, or `limit 100 requests per 6 h` when the remainder is unknown. */
export function describeRateLimit({ limit, remaining, windowSeconds }: RateLimit): string {
  const per = windowSeconds === undefined ? '' : ` per ${duration(windowSeconds)}`;
  return remaining === undefined ? `limit ${limit} requests${per}` : `${remaining} of ${limit} requests left${per}`;
}

/** What to tell a user whose request was refused with 429: the limit if stated, and when to try again. */
export function rateLimitAdvice(response: HttpResponse, nowMs: number): string {
  const limit = rateLimitOf(response);
  const window = limit?.windowSeconds === undefined ? '' : ` per ${duration(limit.windowSeconds)}`;
  const stated = limit === undefined ? '' : ` (${limit.limit} requests${window})`;
  const waitMs = parseRetryAfter(header(response, 'retry-after'), nowMs);
  const when =
    waitMs !== undefined
      ? `retry after ${duration(Math.ceil(waitMs / 1000))} (at ${new Date(nowMs + waitMs).toISOString().replace(/\.\d+Z$/, 'Z')})`
      : `retry later${limit?.windowSeconds === undefined ? '' : `: the limit counts requests over ${duration(limit.windowSeconds)}`}`;
  return `the registry's rate limit${stated} was hit; ${when}`;
}

function parseValue(value: string | undefined): { count: number; window?: number } | undefined {
  const match = /^\s*(\d+)\s*(?:;\s*w\s*=\s*(\d+))?/.exec(value ?? '');
  if (match === null) return undefined;
  return { count: Number(match[1]), ...(match[2] === undefined ? {} : { window: Number(match[2]) }) };
}

/** `45 s`, `10 min`, `6 h`: the largest unit that divides the duration evenly. */
function duration(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
