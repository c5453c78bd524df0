/** Where requests for a registry host go: scheme, origin, path prefix, and the settings that apply there. */

import type { RegistryConfig } from '../config/types.js';
import { defaults } from '../defaults.js';

export interface Endpoint {
  /** `https://registry-1.docker.io`, `http://127.0.0.1:5000`: the key of the connection pool. */
  origin: string;
  /** Path before `/v2/`, without a trailing slash: empty unless a mirror URL has a path. */
  basePath: string;
  /** Settings for the server actually contacted (for a mirror: the entry of the mirror's own host, if any). */
  config: RegistryConfig;
  /** The key of those settings in the registries configuration. */
  configHost: string;
  /** The mirror (origin and path, no credentials) when requests go to a mirror instead of the host itself. */
  mirror?: string;
}

/**
 * The endpoint for a registry host as references spell it. `docker.io` goes to `registry-1.docker.io`;
 * loopback hosts and hosts configured `insecure` use plain HTTP, all others HTTPS. A configured `mirror`
 * replaces the host entirely; the host's credentials are never sent to it (the mirror's own entry applies).
 */
export function endpointFor(domain: string, registries: Record<string, RegistryConfig>): Endpoint {
  const config = registries[domain] ?? {};
  if (config.mirror !== undefined) return mirrorEndpoint(config.mirror, registries);
  const host = domain === defaults.dockerHubDomain ? defaults.dockerHubHost : domain;
  const scheme = isLoopback(host) || config.insecure === true ? 'http' : 'https';
  return { origin: new URL(`${scheme}://${host}`).origin, basePath: '', config, configHost: domain };
}

function mirrorEndpoint(mirror: string, registries: Record<string, RegistryConfig>): Endpoint {
  const url = new URL(mirror);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`registry mirror must be an http or https URL, not ${url.protocol}`);
  }
  const basePath = url.pathname.replace(/\/+$/, '');
  return { origin: url.origin, basePath, config: registries[url.host] ?? {}, configHost: url.host, mirror: url.origin + basePath };
}

/** True for `localhost`, 127.0.0.0/8 and `[::1]`, each with or without a port. */
export function isLoopback(host: string): boolean {
  const hostname = new URL(`http://${host}`).hostname;
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
