/** What to do next after a registry failure: the advice the CLI adds to registry errors, for people. */

import { defaults } from '../defaults.js';
import { RegistryError } from '../registry/errors.js';
import type { Resolver } from '../run.js';

/** The advice for `error`, when something useful can be said: how to log in, or where to look when unreachable. */
export function registryHint(error: RegistryError): string | undefined {
  let host: string;
  try {
    host = new URL(error.url).host;
  } catch {
    return undefined;
  }
  // Docker Hub's registry answers at its own host, but `docker login` and the configuration call it docker.io.
  const name = host === defaults.dockerHubHost ? defaults.dockerHubDomain : host;
  const login = name === defaults.dockerHubDomain ? 'docker login' : `docker login ${name}`;
  switch (error.reason) {
    case 'unauthorized':
    case 'denied':
      return (
        `log in with \`${login}\` or set registries.${name}.username and passwordEnv in .basepin.yaml ` +
        '(--verbose says where the credentials used came from)'
      );
    case 'unreachable':
    case 'timeout':
      return `check the address, HTTPS_PROXY / NO_PROXY, or set registries.${name}.mirror in .basepin.yaml`;
    default:
      return undefined;
  }
}

/** `error`'s message with its advice after it. */
export function withHint(error: RegistryError): string {
  const hint = registryHint(error);
  return hint === undefined ? error.message : `${error.message}; ${hint}`;
}

/** `resolver`, whose registry errors carry their advice, so that each reference's error message says what to do. */
export function withHints(resolver: Resolver): Resolver {
  return {
    fetchManifest: (ref) => resolver.fetchManifest(ref),
    fetchBlob: (ref, digest, options) => resolver.fetchBlob(ref, digest, options),
    resolve: (ref) =>
      resolver.resolve(ref).catch((error: unknown) => {
        if (!(error instanceof RegistryError) || registryHint(error) === undefined) throw error;
        const { reason, url, status, codes, retryable } = error;
        throw new RegistryError(withHint(error), { reason, url, status, codes, retryable, cause: error });
      }),
  };
}
