/**
 * The connection pool for one origin: an undici `Pool` with the origin's TLS settings, or, when the
 * environment names a proxy for it, a `ProxyAgent` (CONNECT tunnels for HTTPS, absolute-URI requests for
 * plain HTTP) that applies the same TLS settings to the registry inside the tunnel.
 */

import { Pool, ProxyAgent, type Dispatcher } from 'undici';
import type { TlsSettings } from './tls-settings.js';

export interface PoolOptions {
  connections: number;
  timeoutMs: number;
  tls: TlsSettings;
  /** The proxy URL, when requests to this origin go through one. */
  proxy?: string;
}

/** Throws `RegistryError` when the origin's TLS files cannot be used. */
export function dispatcherFor(origin: string, { connections, timeoutMs, tls, proxy }: PoolOptions): Dispatcher {
  const timeouts = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  const secure = origin.startsWith('https:') ? { secureContext: tls.secureContext(), rejectUnauthorized: tls.rejectUnauthorized } : {};
  if (proxy === undefined) return new Pool(origin, { connections, connect: { ...secure, timeout: timeoutMs }, ...timeouts });
  return new ProxyAgent({ uri: proxy, connections, requestTls: secure, proxyTunnel: false, ...timeouts });
}
