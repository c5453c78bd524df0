/**
 * The bottom layer: one keep-alive undici `Pool` per origin, at most `concurrency` requests in flight per
 * origin, a timeout covering each whole request (headers and body), a user agent, and failures to connect
 * turned into `RegistryError`s. HTTP statuses are returned, not judged: the layers above decide.
 */

import { rootCertificates } from 'node:tls';
import { Pool } from 'undici';
import { Limiter } from './limiter.js';
import { RegistryError, redactUrl } from './errors.js';
import { connectionError } from './connection-error.js';

export interface HttpRequest {
  method: 'GET' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  /** Longest body accepted; a longer one is a `protocol` error. */
  maxBodyBytes: number;
}

export interface HttpResponse {
  url: string;
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** The first value of a response header (`name` in lower case). */
export function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** TLS settings for an origin, fixed when its pool is created. */
export interface TlsSettings {
  /** PEM text of extra CA certificates, trusted together with Node's bundled ones. */
  ca?: string;
  rejectUnauthorized?: boolean;
}

export interface TransportOptions {
  concurrency: number;
  timeoutMs: number;
  userAgent: string;
  log: (line: string) => void;
}

interface Origin {
  pool: Pool;
  limiter: Limiter;
}

export class Transport {
  private readonly origins = new Map<string, Origin>();
  private closed = false;

  constructor(private readonly options: TransportOptions) {}

  /** Sends one request. Throws `RegistryError` (`unreachable`, `timeout`, `protocol`) when no full answer arrives. */
  async send(request: HttpRequest, tls: TlsSettings = {}): Promise<HttpResponse> {
    if (this.closed) throw new Error('the registry client was closed');
    const url = new URL(request.url);
    const { pool, limiter } = this.originFor(url.origin, tls);
    return limiter.run(() => this.exchange(pool, url, request));
  }

  /** Closes every pool, waiting for requests in flight. */
  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.origins.values()].map(({ pool }) => pool.close());
    this.origins.clear();
    await Promise.all(pools);
  }

  private async exchange(pool: Pool, url: URL, request: HttpRequest): Promise<HttpResponse> {
    const started = Date.now();
    try {
      const response = await pool.request({
        method: request.method,
        path: url.pathname + url.search,
        headers: { 'user-agent': this.options.userAgent, ...request.headers },
        signal: AbortSignal.timeout(this.options.timeoutMs),
        // undici closes the connection after every HEAD unless told otherwise; registries answer HEAD correctly.
        reset: false,
      });
      const body = await readBody(response.body, request.maxBodyBytes, url.href);
      this.options.log(`${request.method} ${redactUrl(url.href)} -> ${response.statusCode} (${Date.now() - started} ms)`);
      return { url: url.href, status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      if (error instanceof RegistryError) throw error;
      throw connectionError(error, url.href, this.options.timeoutMs);
    }
  }

  private originFor(origin: string, tls: TlsSettings): Origin {
    let entry = this.origins.get(origin);
    if (entry === undefined) {
      const { concurrency, timeoutMs } = this.options;
      const pool = new Pool(origin, {
        connections: concurrency,
        connect: { ...tlsOptions(tls), timeout: timeoutMs },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      entry = { pool, limiter: new Limiter(concurrency) };
      this.origins.set(origin, entry);
    }
    return entry;
  }
}

function tlsOptions(tls: TlsSettings): { ca?: string[]; rejectUnauthorized?: boolean } {
  return {
    ...(tls.ca === undefined ? {} : { ca: [...rootCertificates, tls.ca] }),
    ...(tls.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: tls.rejectUnauthorized }),
  };
}

async function readBody(body: AsyncIterable<Buffer> & { destroy(): void }, maxBytes: number, url: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body) {
    length += chunk.length;
    if (length > maxBytes) {
      body.destroy();
      throw new RegistryError(`registry response from ${redactUrl(url)} is larger than ${maxBytes} bytes`, {
        reason: 'protocol',
        url,
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
