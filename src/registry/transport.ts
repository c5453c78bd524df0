/**
 * The bottom layer: one keep-alive connection pool per origin (through a proxy when the environment says so),
 * at most `concurrency` requests in flight per origin, a timeout covering each whole request (headers and
 * body), a user agent, and failures to connect turned into `RegistryError`s. HTTP statuses are returned, not
 * judged: the layers above decide.
 */

import type { Dispatcher } from 'undici';
import { defaults } from '../defaults.js';
import {
  dispatcherFor,
  type HttpRequest,
  type HttpResponse,
  Limiter,
  proxyFor,
  readAtMost,
  redactUrl,
  type TlsSettings,
} from '../http/index.js';
import { connectionError } from './connection-error.js';
import type { Deadline } from './deadline.js';
import { RegistryError } from './errors.js';
import { describeRateLimit, rateLimitOf } from './rate-limit.js';

export type { HttpRequest, HttpResponse };

export interface TransportOptions {
  concurrency: number;
  timeoutMs: number;
  userAgent: string;
  /** Where `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` are read. */
  env: Record<string, string | undefined>;
  log: (line: string) => void;
  /** The run's deadline: when it passes, requests in flight are aborted and later ones fail at once. */
  deadline?: Deadline;
}

interface Origin {
  dispatcher: Dispatcher;
  limiter: Limiter;
}

export class Transport {
  private readonly origins = new Map<string, Origin>();
  private closed = false;

  constructor(private readonly options: TransportOptions) {}

  /**
   * Sends one request; `tls` applies when the request opens the origin's pool. Throws `RegistryError`
   * (`unreachable`, `timeout`, `protocol`) when no full answer arrives.
   */
  async send(request: HttpRequest, tls: TlsSettings): Promise<HttpResponse> {
    if (this.closed) throw new Error('the registry client was closed');
    const url = new URL(request.url);
    const { dispatcher, limiter } = this.originFor(url, tls);
    return limiter.run(() => this.exchange(dispatcher, url, request));
  }

  /** Closes every pool, waiting for requests in flight. */
  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.origins.values()].map(({ dispatcher }) => dispatcher.close());
    this.origins.clear();
    await Promise.all(pools);
  }

  private async exchange(dispatcher: Dispatcher, url: URL, request: HttpRequest): Promise<HttpResponse> {
    const started = Date.now();
    const { deadline } = this.options;
    if (deadline?.passed) throw deadline.error(url.href);
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const response = await dispatcher.request({
        origin: url.origin,
        method: request.method,
        path: url.pathname + url.search,
        headers: { 'user-agent': this.options.userAgent, ...request.headers },
        body: request.body,
        signal: deadline === undefined ? timeout : AbortSignal.any([timeout, deadline.signal]),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        // undici closes the connection after every HEAD unless told otherwise; registries answer HEAD correctly.
        reset: false,
      });
      const body = await readAtMost(response.body, request.maxBodyBytes);
      if (body === undefined) {
        throw new RegistryError(
          `registry response from ${redactUrl(url.href)} is larger than ${request.maxBodyBytes} bytes`,
          {
            reason: 'protocol',
            url: url.href,
          },
        );
      }
      const limit = rateLimitOf(response);
      const note = limit === undefined ? '' : `; rate limit: ${describeRateLimit(limit)}`;
      this.options.log(
        `${request.method} ${redactUrl(url.href)} -> ${response.statusCode} (${Date.now() - started} ms${note})`,
      );
      return { url: url.href, status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      if (error instanceof RegistryError) throw error;
      if (deadline?.passed) throw deadline.error(url.href);
      throw connectionError(error, url.href, timeoutMs);
    }
  }

  private originFor(url: URL, tls: TlsSettings): Origin {
    let entry = this.origins.get(url.origin);
    if (entry === undefined) {
      const { concurrency, timeoutMs, env, log } = this.options;
      const proxy = proxyFor(url, env);
      if (proxy !== undefined) log(`${url.origin} through the proxy ${redactUrl(proxy)}`);
      const limiter = new Limiter(concurrency);
      // On one HTTP/2 connection, many more requests can be in flight than HTTP/1.1 connections are opened.
      const onProtocol = (multiplexed: boolean) => {
        if (multiplexed) limiter.setLimit(defaults.http2StreamsPerRegistry);
        log(`${url.origin} speaks ${multiplexed ? 'HTTP/2: requests share one connection' : 'HTTP/1.1'}`);
      };
      const http2Streams = defaults.http2StreamsPerRegistry;
      const dispatcher = dispatcherFor(url.origin, {
        connections: concurrency,
        timeoutMs,
        tls,
        proxy,
        http2Streams,
        onProtocol,
      });
      entry = { dispatcher, limiter };
      this.origins.set(url.origin, entry);
    }
    return entry;
  }
}
