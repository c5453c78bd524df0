/** basepin's configuration (`.basepin.yaml`), after validation. */

import type { ResourceImages } from '../extract/index.js';

/** Settings for one registry host, keyed by the host as references spell it (`docker.io`, `registry.internal:5000`). */
export interface RegistryConfig {
  /**
   * Look this host's references up at these endpoints first, in order, falling back to the host itself (like
   * containerd's `hosts.toml`), e.g. `http://127.0.0.1:5000`; the files keep the original names. One URL or a list.
   */
  mirror?: string | readonly string[];
  /** Skip certificate verification for this host, and fall back to plain HTTP when it does not speak TLS. */
  insecure?: boolean;
  /** Path to a PEM file of CA certificates to trust for this host (in addition to the system's). */
  ca?: string;
  /** Path to a PEM client certificate presented to this host (mutual TLS); goes with `key`. */
  certificate?: string;
  /** Path to the PEM private key of `certificate`. */
  key?: string;
  username?: string;
  password?: string;
  /** Read the password from this environment variable instead of the file. */
  passwordEnv?: string;
  /**
   * Hash every manifest looked up at this host (a GET) instead of trusting the HEAD's `Docker-Content-Digest`.
   * Docker Hub counts manifest GETs against its pull rate limit (HEADs not).
   */
  verify?: boolean;
  /** Time allowed for each request to this host, connect to last body byte, in milliseconds (`timeout` in the file). */
  timeoutMs?: number;
}

export interface Config {
  registries: Record<string, RegistryConfig>;
  /** Globs of files to search (relative to the working directory); empty: every file basepin understands. */
  include: string[];
  /** Globs of files never to search. */
  exclude: string[];
  /** Image patterns never to pin or check (`myorg/*`, `*:latest`); `*` matches any run of characters. */
  ignore: string[];
  /** The largest file basepin reads, in bytes (default `defaults.maxFileBytes`); a larger one is an error. */
  maxFileBytes?: number;
  /** Custom resources whose images basepin reads, beside the ones it knows. */
  kubernetes?: { images: ResourceImages[] };
  /** Where Helm values get digests: an existing `digest:` key, else the tag (`field`, the default), or the tag. */
  helm?: { digest: 'field' | 'tag' };
}

export const emptyConfig: Config = { registries: {}, include: [], exclude: [], ignore: [] };
