/**
 * Registry host names as auth files spell them. `docker login` stores Docker Hub as `https://index.docker.io/v1/`,
 * podman as `docker.io`, older tools as `index.docker.io` or `registry-1.docker.io`; other registries as `host:port`,
 * sometimes with a scheme or a path (`https://registry.internal/v2/`). All of them are compared by canonical host.
 */

import { DOCKER_HUB_ALIASES, DOCKER_HUB_DOMAIN, DOCKER_HUB_SERVER_URL } from '../reference/index.js';

/** `host[:port]` in lower case, with every Docker Hub alias folded into `docker.io`. */
export function canonicalHost(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_ALIASES.includes(lower) ? DOCKER_HUB_DOMAIN : lower;
}

/**
 * The registry host an auth-file key names: a URL key (`https://host/v1/`) gives its host; a bare key gives
 * itself. A bare key with a path (`quay.io/org/repo`, podman's per-repository credentials) names no whole host.
 */
export function hostOfKey(key: string): string | undefined {
  const trimmed = key.trim();
  if (/^https?:\/\//i.test(trimmed)) return URL.canParse(trimmed) ? canonicalHost(new URL(trimmed).host) : undefined;
  return trimmed === '' || trimmed.includes('/') ? undefined : canonicalHost(trimmed);
}

/** What a credential helper is asked for: the docker CLI's Docker Hub URL for docker's files, else the host. */
export function helperServerUrl(host: string, format: 'docker' | 'containers'): string {
  return format === 'docker' && canonicalHost(host) === DOCKER_HUB_DOMAIN ? DOCKER_HUB_SERVER_URL : host;
}
