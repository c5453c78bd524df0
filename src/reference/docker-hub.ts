import { defaults } from '../defaults.js';

/** The domain references use for Docker Hub. */
export const DOCKER_HUB_DOMAIN = defaults.dockerHubDomain;

/** Docker Hub's former name; references written with it normalize to `DOCKER_HUB_DOMAIN`. */
export const LEGACY_DOCKER_HUB_DOMAIN = 'index.docker.io';

/** The namespace of Docker Hub's official images: `ubuntu` is `library/ubuntu`. */
export const OFFICIAL_REPO_PREFIX = 'library/';

/** The host registry requests for `domain` go to: Docker Hub's API host for `docker.io`, else `domain` itself. */
export function registryHost(domain: string): string {
  return domain === DOCKER_HUB_DOMAIN ? defaults.dockerHubHost : domain;
}
