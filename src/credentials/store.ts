/**
 * "Credentials for this registry host": basepin's own configuration (`username` with `password` or
 * `passwordEnv`), then docker's config.json, then the containers auth files, first match wins; else none
 * (anonymous). Each file is read once, when first needed; each host is looked up (and its credential helper
 * run) at most once per store, and only when asked, i.e. for hosts actually contacted.
 */

import { defaults } from '../defaults.js';
import { readFile } from 'node:fs/promises';
import type { RegistryConfig } from '../config/index.js';
import { answerFor, parseAuthFile, type AuthFile, type AuthFileAnswer } from './auth-file.js';
import { runCredentialHelper } from './helper.js';
import { helperServerUrl } from './hosts.js';
import { authFileLocations, type AuthFileLocation } from './locations.js';
import { CredentialsError, type FoundCredentials } from './types.js';

export interface CredentialStoreOptions {
  /** basepin's per-host settings, keyed by host. */
  registries: Record<string, RegistryConfig>;
  /** Locates the auth files, supplies `passwordEnv` values and the helpers' environment. */
  env: Record<string, string | undefined>;
  /** Longest a credential helper may take. */
  helperTimeoutMs: number;
  /** Kills running helpers when it aborts (the run's deadline). */
  signal?: AbortSignal;
  /** Receives one line per host looked up, naming where its credentials came from (never the credentials). */
  log: (line: string) => void;
}

export class CredentialStore {
  /** Each auth file, read when first needed; undefined when it does not exist. */
  private readonly files = new Map<string, Promise<AuthFile | undefined>>();
  /** Each host's lookup and when it started: kept for a while (a long-running `serve` sees renewed helper tokens). */
  private readonly hosts = new Map<string, { found: Promise<FoundCredentials | undefined>; at: number }>();
  /** Where each host's last finished lookup found credentials (null: none found). */
  private readonly sources = new Map<string, string | null>();

  constructor(private readonly options: CredentialStoreOptions) {}

  /**
   * The credentials for `host` (as references spell it), or undefined for anonymous access. Throws `CredentialsError`.
   * A lookup is reused for `defaults.credentialCacheMs`; a failed one is not kept, so the next request tries again.
   */
  credentialsFor(host: string): Promise<FoundCredentials | undefined> {
    const cached = this.hosts.get(host);
    if (cached !== undefined && Date.now() - cached.at < defaults.credentialCacheMs) return cached.found;
    const found = this.lookUp(host).then((result) => {
      const where = result === undefined ? 'no credentials, anonymous access' : `credentials from ${result.source}`;
      this.options.log(`${host}: ${where}`);
      this.sources.set(host, result?.source ?? null);
      return result;
    });
    const entry = { found, at: Date.now() };
    this.hosts.set(host, entry);
    found.catch(() => {
      if (this.hosts.get(host) === entry) this.hosts.delete(host);
    });
    return found;
  }

  /**
   * Where the last finished lookup for `host` found its credentials (a file, `docker-credential-NAME (FILE)`, or
   * basepin's configuration), null when it found none, undefined when `host` was not looked up. Never the credentials.
   */
  sourceOf(host: string): string | null | undefined {
    return this.sources.get(host);
  }

  private async lookUp(host: string): Promise<FoundCredentials | undefined> {
    const configured = this.fromConfig(host);
    if (configured !== undefined) return configured;
    for (const location of authFileLocations(this.options.env)) {
      const file = await this.read(location);
      if (file === undefined) continue;
      const serverUrl = helperServerUrl(host, location.format);
      const answer = answerIn(file, location, host, serverUrl);
      if (answer?.kind === 'credentials') return { credentials: answer.credentials, source: location.path };
      if (answer?.kind === 'helper') {
        const { env, helperTimeoutMs: timeoutMs, signal } = this.options;
        const credentials = await runCredentialHelper(answer.helper, serverUrl, { env, timeoutMs, signal });
        if (credentials !== undefined)
          return { credentials, source: `docker-credential-${answer.helper} (${location.path})` };
      }
    }
    return undefined;
  }

  private fromConfig(host: string): FoundCredentials | undefined {
    const { username, password, passwordEnv } = this.options.registries[host] ?? {};
    if (username === undefined) return undefined;
    if (password !== undefined)
      return { credentials: { kind: 'password', username, password }, source: 'basepin configuration' };
    if (passwordEnv === undefined) return undefined;
    const value = this.options.env[passwordEnv];
    if (value === undefined || value === '') {
      throw new CredentialsError(`registries.${host}.passwordEnv: the environment variable ${passwordEnv} is not set`);
    }
    return {
      credentials: { kind: 'password', username, password: value },
      source: `basepin configuration ($${passwordEnv})`,
    };
  }

  private read(location: AuthFileLocation): Promise<AuthFile | undefined> {
    let file = this.files.get(location.path);
    if (file === undefined) {
      file = readAuthFile(location);
      this.files.set(location.path, file);
    }
    return file;
  }
}

/** What `file` says for `host`; throws `CredentialsError` naming the file for an unusable entry. */
function answerIn(file: AuthFile, location: AuthFileLocation, host: string, serverUrl: string): AuthFileAnswer {
  try {
    return answerFor(file, host, serverUrl);
  } catch (error) {
    throw new CredentialsError(`cannot use ${location.path}: ${(error as Error).message}`);
  }
}

/** The parsed file, or undefined when it does not exist. Throws `CredentialsError` naming the file otherwise. */
async function readAuthFile(location: AuthFileLocation): Promise<AuthFile | undefined> {
  let text: string;
  try {
    text = await readFile(location.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new CredentialsError(`cannot read ${location.path}: ${code ?? 'unknown error'}`);
  }
  try {
    return parseAuthFile(text);
  } catch (error) {
    throw new CredentialsError(`cannot use ${location.path}: ${(error as Error).message}`);
  }
}
