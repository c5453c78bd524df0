/**
 * Docker Hub's names, decided here once: the name references use (`docker.io`), the host requests go to
 * (`registry-1.docker.io`, both from the defaults), its former name, the v1 index URL docker keys credentials by, and
 * the namespace of official images. Pure.
 */

import { defaults } from '../defaults.js';

/** The domain references use for Docker Hub. */
export const DOCKER_HUB_DOMAIN = defaults.dockerHubDomain;

/** The host Docker Hub's registry API answers at. */
export const DOCKER_HUB_HOST = defaults.dockerHubHost;

/** Docker Hub's former name; references written with it normalize to `DOCKER_HUB_DOMAIN`. */
export const LEGACY_DOCKER_HUB_DOMAIN = 'index.docker.io';

/**
 * Docker Hub's v1 index URL: the key `docker login` stores its credentials under, the server URL the docker CLI asks
 * credential helpers for, and the `serveraddress` it gives the engine.
 */
export const DOCKER_HUB_SERVER_URL = `https://${LEGACY_DOCKER_HUB_DOMAIN}/v1/`;

/** Every host name Docker Hub goes by. */
export const DOCKER_HUB_ALIASES: readonly string[] = [DOCKER_HUB_DOMAIN, LEGACY_DOCKER_HUB_DOMAIN, DOCKER_HUB_HOST];

/** The namespace of Docker Hub's official images: `ubuntu` is `library/ubuntu`. */
export const OFFICIAL_REPO_PREFIX = 'library/';

/** The host registry requests for `domain` go to: Docker Hub's API host for `docker.io`, else `domain` itself. */
export function registryHost(domain: string): string {
  return domain === DOCKER_HUB_DOMAIN ? DOCKER_HUB_HOST : domain;
}
