/**
 * Retries of temporary failures: 429, 500/502/503/504 and retryable `RegistryError`s (refused or reset
 * connections, timeouts). Bounded by `retries`; waits grow exponentially with jitter unless the registry
 * sends `Retry-After`. A `Retry-After` longer than `maxRetryAfterMs` ends the retries at once.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { RegistryError, redactUrl } from './errors.js';
import { header } from './headers.js';
import type { HttpResponse } from './transport.js';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxRetryAfterMs: number;
  log: (line: string) => void;
}

const TEMPORARY_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Calls `send` until it answers with a final status or the retries run out; the last answer or error wins. */
export async function withRetries(send: () => Promise<HttpResponse>, policy: RetryPolicy): Promise<HttpResponse> {
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= policy.retries;
    let response: HttpResponse;
    try {
      response = await send();
    } catch (error) {
      if (last || !(error instanceof RegistryError && error.retryable)) throw error;
      await pause(backoffDelay(attempt, policy.baseDelayMs), error.message, policy);
      continue;
    }
    if (last || !TEMPORARY_STATUSES.has(response.status)) return response;
    const delay = parseRetryAfter(header(response, 'retry-after'), Date.now()) ?? backoffDelay(attempt, policy.baseDelayMs);
    if (delay > policy.maxRetryAfterMs) return response;
    await pause(delay, `${redactUrl(response.url)} answered ${response.status}`, policy);
  }
}

async function pause(delayMs: number, why: string, policy: RetryPolicy): Promise<void> {
  policy.log(`retrying in ${delayMs} ms: ${why}`);
  await sleep(delayMs);
}

/** Exponential backoff with "equal jitter": between half and all of `base * 2^attempt`. */
export function backoffDelay(attempt: number, baseDelayMs: number, random: () => number = Math.random): number {
  const ceiling = baseDelayMs * 2 ** attempt;
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Milliseconds to wait from a `Retry-After` value (seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

