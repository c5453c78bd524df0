/**
 * How forge API requests travel: through the HTTP layer the registry client uses (`src/http/`), so that a forge is reached the way a
 * registry is. The proxy comes from `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`; the trusted CAs are Node's, the
 * system's bundle and `NODE_EXTRA_CA_CERTS`; 5xx answers and rate limits are retried, honouring `Retry-After`; every
 * request has a timeout and every answer a size limit. A request carries a token, so it goes in plain HTTP only to a
 * loopback host.
 *
 * Failures to connect are not retried: the forge may have acted on a POST whose answer was lost. The next
 * propagation looks the pull request up again (level, not edge).
 */

import type { Dispatcher } from 'undici';
import { defaults } from '../defaults.js';
import {
  dispatcherFor,
  type HttpResponse,
  isLoopback,
  proxyFor,
  readAtMost,
  type RetryPolicy,
  TlsFiles,
  withRetries,
} from '../http/index.js';
import { ForgeError } from './errors.js';
import { asRetryable } from './rate-limit.js';

export interface ForgeRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  url: string;
  headers: Record<string, string>;
  /** JSON text. */
  body?: string;
}

/** The longest answer read. */
export const MAX_RESPONSE_BYTES = defaults.forge.maxResponseBytes;

const RETRY_POLICY: RetryPolicy = {
  retries: defaults.retries,
  baseDelayMs: defaults.retryBaseDelayMs,
  maxRetryAfterMs: defaults.maxRetryAfterMs,
  log: () => {}, // a propagation reports what it did to each dependent, not each request
};

export class ForgeTransport {
  private readonly tls: TlsFiles;

  /**
   * `env`: where the proxy variables and `NODE_EXTRA_CA_CERTS` are read; `ca`: a PEM file of CAs trusted besides
   * (a Kubernetes API server's, from the service account).
   */
  constructor(
    private readonly env: Record<string, string | undefined>,
    private readonly ca?: string,
  ) {
    this.tls = new TlsFiles(env);
  }

  /**
   * Sends `request`, retrying 5xx answers and rate limits, and returns the last answer whatever its status. Throws
   * ForgeError (naming the API as `forge`) when no complete answer arrives or the answer is too large.
   */
  async send(forge: string, request: ForgeRequest): Promise<HttpResponse> {
    const url = new URL(request.url);
    const failure = (what: string) =>
      new ForgeError(`${forge} API ${request.method} ${request.url} ${what}`, request.method, request.url);
    if (url.protocol !== 'https:' && !isLoopback(url.host)) {
      throw failure('refused: the token is sent over HTTPS only (plain HTTP only to a loopback host)');
    }
    let dispatcher: Dispatcher;
    try {
      const tls = this.tls.settingsFor(this.ca === undefined ? {} : { ca: this.ca }, url.host);
      dispatcher = dispatcherFor(url.origin, {
        connections: 1,
        timeoutMs: defaults.forge.requestTimeoutMs,
        tls,
        proxy: proxyFor(url, this.env),
      });
    } catch (error) {
      throw failure(`failed: ${(error as Error).message}`);
    }
    // The retry layer sees a rate limit as a 429; the caller gets the answer as the forge sent it.
    const sent = new Map<HttpResponse, HttpResponse>();
    const attempt = async () => {
      const answer = await exchange(dispatcher, url, request);
      const seen = asRetryable(answer, Date.now());
      sent.set(seen, answer);
      return seen;
    };
    try {
      const last = await withRetries(attempt, RETRY_POLICY);
      return sent.get(last) ?? last;
    } catch (error) {
      throw failure(`failed: ${(error as Error).message}`);
    } finally {
      await dispatcher.destroy();
    }
  }
}

async function exchange(dispatcher: Dispatcher, url: URL, request: ForgeRequest): Promise<HttpResponse> {
  const response = await dispatcher.request({
    origin: url.origin,
    path: url.pathname + url.search,
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(defaults.forge.requestTimeoutMs),
  });
  const body = await readAtMost(response.body, MAX_RESPONSE_BYTES);
  if (body === undefined) throw new Error(`the answer is larger than ${MAX_RESPONSE_BYTES} bytes`);
  return { url: url.href, status: response.statusCode, headers: response.headers, body };
}
