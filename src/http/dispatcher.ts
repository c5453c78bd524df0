/**
 * The connection pool for one origin: for HTTPS, HTTP/2 when the server offers it, else HTTP/1.1 keep-alive
 * connections (see negotiating-pool.ts); for plain HTTP an undici `Pool`; when the environment names a proxy for
 * the origin, a `ProxyAgent` (CONNECT tunnels for HTTPS, absolute-URI requests for plain HTTP, HTTP/1.1) that
 * applies the same TLS settings to the registry inside the tunnel.
 */

import { Pool, ProxyAgent, type Dispatcher } from 'undici';
import { NegotiatingPool } from './negotiating-pool.js';
import type { TlsSettings } from './tls-settings.js';

export interface PoolOptions {
  connections: number;
  timeoutMs: number;
  tls: TlsSettings;
  /** The proxy URL, when requests to this origin go through one. */
  proxy?: string;
  /** With this many requests in flight on one connection, HTTP/2 is offered to HTTPS origins (not through a proxy). */
  http2Streams?: number;
  /** Told, for an HTTPS origin offered HTTP/2, whether it took it. */
  onProtocol?: (multiplexed: boolean) => void;
}

/** Throws `RegistryError` when the origin's TLS files cannot be used. */
export function dispatcherFor(
  origin: string,
  { connections, timeoutMs, tls, proxy, http2Streams, onProtocol }: PoolOptions,
): Dispatcher {
  const timeouts = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  const secure = origin.startsWith('https:')
    ? { secureContext: tls.secureContext(), rejectUnauthorized: tls.rejectUnauthorized }
    : {};
  if (proxy === undefined && http2Streams !== undefined && origin.startsWith('https:')) {
    return new NegotiatingPool(origin, { connections, streams: http2Streams, timeoutMs, tls: secure, onProtocol });
  }
  if (proxy === undefined)
    return new Pool(origin, { connections, connect: { ...secure, timeout: timeoutMs }, ...timeouts });
  return new ProxyAgent({ uri: proxy, connections, requestTls: secure, proxyTunnel: false, ...timeouts });
}
