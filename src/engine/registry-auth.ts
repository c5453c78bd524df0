/**
 * The `X-Registry-Auth` header of a pull through the engine, as the docker CLI builds it: URL-safe base64 of the JSON
 * auth config for the registry's server address (Docker Hub's v1 index URL, else the host), with either a user name and
 * password or an identity token.
 */

import type { Credentials } from '../credentials/index.js';
import { DOCKER_HUB_DOMAIN, DOCKER_HUB_SERVER_URL } from '../reference/index.js';

/** Credentials for one registry host, as references spell it (`docker.io`, `registry.internal:5000`). */
export interface RegistryAuth {
  host: string;
  credentials: Credentials;
}

/** The header's value for `auth`. */
export function registryAuthHeader({ host, credentials }: RegistryAuth): string {
  const serveraddress = host === DOCKER_HUB_DOMAIN ? DOCKER_HUB_SERVER_URL : host;
  const secret =
    credentials.kind === 'password' ? { password: credentials.password } : { identitytoken: credentials.identityToken };
  const config = {
    ...(credentials.username === '' ? {} : { username: credentials.username }),
    ...secret,
    serveraddress,
  };
  return Buffer.from(JSON.stringify(config)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
