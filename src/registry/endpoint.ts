/**
 * Where requests for a registry host go: each configured mirror in order, then the host itself (like containerd's
 * `hosts.toml`). For the host: `docker.io` goes to `registry-1.docker.io`; HTTPS, except a loopback host with no
 * TLS settings, which is spoken to in plain HTTP like Docker and crane do; an `insecure` host is tried in HTTPS
 * without certificate verification and falls back to plain HTTP when it does not speak TLS.
 */

import { registryHost } from '../reference/index.js';
import type { RegistryConfig } from '../config/index.js';
import { isLoopback } from '../http/light.js';

export interface Endpoint {
  /** `https://registry-1.docker.io`, `http://127.0.0.1:5000`: the key of the connection pool. */
  origin: string;
  /** Path before `/v2/`, without a trailing slash: empty unless a mirror URL has a path. */
  basePath: string;
  /** Settings for the server actually contacted (for a mirror: the entry of the mirror's own host, if any). */
  config: RegistryConfig;
  /** The key of those settings in the registries configuration, and the host its credentials are looked up for. */
  configHost: string;
  /** The mirror (origin and path, no credentials) when requests go to a mirror instead of the host itself. */
  mirror?: string;
  /** For an `insecure` host reached over HTTPS: the plain-HTTP origin to use when it does not speak TLS. */
  plainHttpOrigin?: string;
}

/** Every endpoint for a registry host as references spell it, in the order to try them. */
export function endpointsFor(domain: string, registries: Record<string, RegistryConfig>): Endpoint[] {
  const config = registries[domain] ?? {};
  const mirrors =
    config.mirror === undefined ? [] : typeof config.mirror === 'string' ? [config.mirror] : config.mirror;
  return [...mirrors.map((mirror) => mirrorEndpoint(mirror, registries)), hostEndpoint(domain, config)];
}

function hostEndpoint(domain: string, config: RegistryConfig): Endpoint {
  const host = registryHost(domain);
  const tlsConfigured = config.insecure === true || config.ca !== undefined || config.certificate !== undefined;
  const scheme = isLoopback(host) && !tlsConfigured ? 'http' : 'https';
  const endpoint: Endpoint = {
    origin: new URL(`${scheme}://${host}`).origin,
    basePath: '',
    config,
    configHost: domain,
  };
  return config.insecure === true ? { ...endpoint, plainHttpOrigin: new URL(`http://${host}`).origin } : endpoint;
}

function mirrorEndpoint(mirror: string, registries: Record<string, RegistryConfig>): Endpoint {
  const url = new URL(mirror);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`registry mirror must be an http or https URL, not ${url.protocol}`);
  }
  const basePath = url.pathname.replace(/\/+$/, '');
  return {
    origin: url.origin,
    basePath,
    config: registries[url.host] ?? {},
    configHost: url.host,
    mirror: url.origin + basePath,
  };
}
