/** basepin's configuration (`.basepin.yaml`), after validation. */

/** Settings for one registry host, keyed by the host as references spell it (`docker.io`, `registry.internal:5000`). */
export interface RegistryConfig {
  /** Resolve this host's references through another endpoint, e.g. `http://127.0.0.1:5000` (the files keep the original names). */
  mirror?: string;
  /** Allow plain HTTP (or unverified TLS) for this host. */
  insecure?: boolean;
  /** Path to a PEM file of CA certificates to trust for this host (in addition to the system's). */
  ca?: string;
  username?: string;
  password?: string;
}

export interface Config {
  registries: Record<string, RegistryConfig>;
  /** Globs of files to search (relative to the working directory); empty: every file basepin understands. */
  include: string[];
  /** Globs of files never to search. */
  exclude: string[];
  /** Image patterns never to pin or check (`myorg/*`, `*:latest`); `*` matches any run of characters. */
  ignore: string[];
}

export const emptyConfig: Config = { registries: {}, include: [], exclude: [], ignore: [] };
