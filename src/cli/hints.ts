/** What to do next after a registry failure: the advice the CLI adds to registry errors, for people. */

import { defaults } from '../defaults.js';
import { RegistryError } from '../registry/light.js';
import type { Resolver } from '../run.js';

/** Where a registry client found the credentials it sent to a host (`RegistryClient` is one). */
export interface CredentialSources {
  /** A file, a helper or the configuration; null: none found; undefined: not looked up. */
  credentialSource(host: string): string | null | undefined;
}

/** Errors whose message already carries their advice: the error map must not add it twice. */
const hinted = new WeakSet<RegistryError>();

/**
 * The advice for `error`, when something useful can be said: how to log in (and, when `sources` knows, where the
 * credentials sent came from, or that there were none), or where to look when unreachable.
 */
export function registryHint(error: RegistryError, sources?: CredentialSources): string | undefined {
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
        `(${whence(name, sources)})`
      );
    case 'unreachable':
    case 'timeout':
      return `check the address, HTTPS_PROXY / NO_PROXY, or set registries.${name}.mirror in .basepin.yaml`;
    default:
      return undefined;
  }
}

/** Where the credentials for `host` came from, as far as `sources` knows; never the credentials. */
function whence(host: string, sources: CredentialSources | undefined): string {
  const source = sources?.credentialSource(host);
  if (source === undefined) return '--verbose says where the credentials used came from';
  return source === null ? `no credentials were found for ${host}` : `the credentials for ${host} came from ${source}`;
}

/** `error`'s message with its advice after it (once: an error `hinted` made already has it). */
export function withHint(error: RegistryError, sources?: CredentialSources): string {
  const hint = hinted.has(error) ? undefined : registryHint(error, sources);
  return hint === undefined ? error.message : `${error.message}; ${hint}`;
}

/** `error` with its advice in its message, or `error` itself when there is none to give. */
export function hintedError(error: RegistryError, sources?: CredentialSources): RegistryError {
  if (hinted.has(error) || registryHint(error, sources) === undefined) return error;
  const { reason, url, status, codes, retryable } = error;
  const withAdvice = new RegistryError(withHint(error, sources), {
    reason,
    url,
    status,
    codes,
    retryable,
    cause: error,
  });
  hinted.add(withAdvice);
  return withAdvice;
}

/**
 * `resolver`, whose registry errors carry their advice, so that each reference's error message says what to do;
 * `sources` (the registry client) says where the credentials came from.
 */
export function withHints(resolver: Resolver, sources?: CredentialSources): Resolver {
  return {
    fetchManifest: (ref) => resolver.fetchManifest(ref),
    fetchBlob: (ref, digest, options) => resolver.fetchBlob(ref, digest, options),
    resolve: (ref) =>
      resolver.resolve(ref).catch((error: unknown) => {
        throw error instanceof RegistryError ? hintedError(error, sources) : error;
      }),
  };
}
