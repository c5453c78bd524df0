/**
 * Retries of temporary failures: 429, 500/502/503/504 and errors that say they are `Retryable` (refused or
 * reset connections, timeouts). Bounded by `retries` (timeouts by `timeoutRetries`); waits grow exponentially with jitter unless the registry
 * sends `Retry-After`. A `Retry-After` longer than `maxRetryAfterMs` ends the retries at once.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { header } from './headers.js';
import { redactUrl } from './redact.js';
import type { HttpResponse } from './types.js';

/** A failure that says whether trying again can help (`RegistryError` is one); `reason: 'timeout'` for a timeout. */
export interface Retryable {
  readonly message: string;
  readonly retryable: boolean;
  readonly reason?: string;
}

const isRetryable = (error: unknown): error is Retryable =>
  error instanceof Error && (error as Partial<Retryable>).retryable === true;

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /**
   * Attempts after the first when they time out (at most `retries`; `retries` when absent): a registry that did
   * not answer in time rarely answers the next time, and each such attempt costs the whole timeout.
   */
  timeoutRetries?: number;
  /** Ends a wait between attempts when it aborts (the run's deadline). */
  signal?: AbortSignal;
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
      if (!isRetryable(error) || attempt >= retriesOf(error, policy)) throw error;
      await pause(backoffDelay(attempt, policy.baseDelayMs), error.message, policy);
      continue;
    }
    if (last || !TEMPORARY_STATUSES.has(response.status)) return response;
    const delay =
      parseRetryAfter(header(response, 'retry-after'), Date.now()) ?? backoffDelay(attempt, policy.baseDelayMs);
    if (delay > policy.maxRetryAfterMs) return response;
    await pause(delay, `${redactUrl(response.url)} answered ${response.status}`, policy);
  }
}

function retriesOf(error: Retryable, policy: RetryPolicy): number {
  return error.reason === 'timeout'
    ? Math.min(policy.retries, policy.timeoutRetries ?? policy.retries)
    : policy.retries;
}

async function pause(delayMs: number, why: string, policy: RetryPolicy): Promise<void> {
  policy.log(`retrying in ${delayMs} ms: ${why}`);
  await sleep(delayMs, undefined, { signal: policy.signal });
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
