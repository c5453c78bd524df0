/**
 * `RegistryClient`: resolves image names to manifest digests. It assembles the layers (endpoint choice,
 * authentication with a token cache, retries, keep-alive pools with bounded concurrency) and knows
 * nothing of files.
 */

import { readFileSync } from 'node:fs';
import type { RegistryConfig } from '../config/types.js';
import { defaults } from '../defaults.js';
import { Authenticator, type AuthTarget } from './auth.js';
import type { Credentials } from './bearer.js';
import { endpointFor, type Endpoint } from './endpoint.js';
import { RegistryError } from './errors.js';
import { resolveManifest, type Resolved } from './resolve.js';
import { withRetries } from './retry.js';
import type { Subject } from './status-error.js';
import { TokenCache } from './token-cache.js';
import { Transport, type TlsSettings } from './transport.js';

/** A normalized image reference: `{ domain: 'docker.io', path: 'library/nginx', tag: '1.25', digest: null }`. */
export interface ImageName {
  domain: string;
  path: string;
  tag: string | null;
  digest: string | null;
}

export interface RegistryClientOptions {
  /** Per-host settings, keyed by the host as references spell it. */
  registries?: Record<string, RegistryConfig>;
  /** Requests in flight at once per origin (also its number of connections). */
  concurrencyPerRegistry?: number;
  /** Time allowed for each request, connect to last body byte. */
  timeoutMs?: number;
  /** Retries of temporary failures after the first attempt. */
  retries?: number;
  userAgent?: string;
  /** Receives one line per request and retry; never credentials or tokens. */
  log?: (line: string) => void;
}

export class RegistryClient {
  private readonly registries: Record<string, RegistryConfig>;
  private readonly transport: Transport;
  private readonly auth: Authenticator;
  private readonly caFiles = new Map<string, string>();

  constructor(options: RegistryClientOptions = {}) {
    const log = options.log ?? (() => {});
    this.registries = options.registries ?? {};
    this.transport = new Transport({
      concurrency: options.concurrencyPerRegistry ?? defaults.concurrencyPerRegistry,
      timeoutMs: options.timeoutMs ?? defaults.requestTimeoutMs,
      userAgent: options.userAgent ?? defaults.userAgent,
      log,
    });
    const policy = {
      retries: options.retries ?? defaults.retries,
      baseDelayMs: defaults.retryBaseDelayMs,
      maxRetryAfterMs: defaults.maxRetryAfterMs,
      log,
    };
    this.auth = new Authenticator(
      (request, tls) => withRetries(() => this.transport.send(request, tls), policy),
      new TokenCache(defaults.tokenExpiryMarginSeconds),
    );
  }

  /**
   * The digest and media type of the manifest `ref.tag` points at (for a multi-platform image: the index or
   * list). With no tag, checks that `ref.digest` exists and returns it. Throws `RegistryError`.
   */
  async resolve(ref: ImageName): Promise<Resolved> {
    const reference = ref.tag ?? ref.digest;
    if (reference === null) throw new TypeError(`cannot resolve ${ref.domain}/${ref.path}: it has neither a tag nor a digest`);
    const endpoint = endpointFor(ref.domain, this.registries);
    const target: AuthTarget = {
      origin: endpoint.origin,
      repository: ref.path,
      credentials: credentials(endpoint.config),
      tls: this.tlsFor(endpoint),
    };
    return resolveManifest((request) => this.auth.request(target, request), {
      url: `${endpoint.origin}${endpoint.basePath}/v2/${ref.path}/manifests/${reference}`,
      subject: subject(ref, endpoint, target.credentials !== undefined),
      digest: ref.tag === null ? reference : undefined,
    });
  }

  /** Closes all connections. The client cannot be used afterwards. */
  async close(): Promise<void> {
    await this.transport.close();
  }

  private tlsFor(endpoint: Endpoint): TlsSettings {
    const { ca, insecure } = endpoint.config;
    return {
      ...(ca === undefined ? {} : { ca: this.readCa(ca, endpoint.configHost) }),
      ...(insecure === true ? { rejectUnauthorized: false } : {}),
    };
  }

  private readCa(path: string, host: string): string {
    let pem = this.caFiles.get(path);
    if (pem === undefined) {
      try {
        pem = readFileSync(path, 'utf8');
      } catch (error) {
        const why = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new RegistryError(`cannot read the CA file ${path} configured for ${host}: ${why}`, {
          reason: 'unreachable',
          url: `https://${host}/`,
          retryable: false,
        });
      }
      this.caFiles.set(path, pem);
    }
    return pem;
  }
}

function credentials({ username, password }: RegistryConfig): Credentials | undefined {
  return username === undefined || password === undefined ? undefined : { username, password };
}

function subject(ref: ImageName, endpoint: Endpoint, withCredentials: boolean): Subject {
  const repository = `${ref.domain}/${ref.path}`;
  const reference = ref.tag === null ? `${repository}@${ref.digest}` : `${repository}:${ref.tag}`;
  return { reference, repository, via: endpoint.mirror, withCredentials };
}
