/**
 * `RegistryClient`: resolves image names to manifest digests and fetches manifests and blobs. It assembles the
 * layers (endpoint choice with mirrors and fallbacks, redirects, authentication with a token cache and the
 * user's credentials, retries, keep-alive pools with TLS settings and proxies) and knows nothing of files.
 */

import type { RegistryConfig } from '../config/index.js';
import { CredentialStore } from '../credentials/index.js';
import { defaults } from '../defaults.js';
import {
  type HttpRequest,
  type HttpResponse,
  isLoopback,
  type RetryPolicy,
  TlsFiles,
  type TlsSettings,
  withRetries,
} from '../http/index.js';
import { byDigest } from '../reference/index.js';
import { Authenticator, type AuthTarget } from './auth.js';
import type { Send } from './bearer.js';
import { fetchBlobBytes } from './blob.js';
import { withAttempts } from './connection-error.js';
import { Deadline } from './deadline.js';
import { RegistryError } from './errors.js';
import { isDigest } from './digest.js';
import { endpointsFor, type Endpoint } from './endpoint.js';
import { EndpointFallback } from './fallback.js';
import { fetchManifestBytes, type Manifest } from './manifest.js';
import { followRedirects } from './redirect.js';
import { resolveManifest, type Resolved } from './resolve.js';
import type { Subject } from './status-error.js';
import { TokenCache } from './token-cache.js';
import { Transport } from './transport.js';
import { WaitWatch, type WaitingNotices } from './waiting.js';

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
  /**
   * The environment: auth files (`DOCKER_CONFIG`, `HOME`, `REGISTRY_AUTH_FILE`, `XDG_*`), `passwordEnv` values,
   * credential helpers' `PATH`, proxies (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`), `NODE_EXTRA_CA_CERTS` and
   * `SSL_CERT_FILE`. Defaults to `process.env`.
   */
  env?: Record<string, string | undefined>;
  /** Requests in flight at once per origin (also its number of connections). */
  concurrencyPerRegistry?: number;
  /** Time allowed for each request, connect to last body byte, at registries without a `timeoutMs` of their own. */
  timeoutMs?: number;
  /** Retries of temporary failures after the first attempt. */
  retries?: number;
  /** Retries of a request that timed out (at most `retries`). */
  timeoutRetries?: number;
  /**
   * Time allowed for everything the client does, from its creation: when it passes, requests in flight are aborted
   * and every later operation fails. Unlimited when absent (a long-lived service bounds each request instead).
   */
  deadlineMs?: number;
  /**
   * Hash every manifest `resolve` looks up (a GET) instead of trusting a HEAD's `Docker-Content-Digest`, at every
   * registry; `verify` in a registry's settings does it there alone. Docker Hub counts manifest GETs as pulls.
   */
  verify?: boolean;
  /** Told when lookups at a registry have been outstanding for a while (see `WaitingNotices`). */
  waiting?: WaitingNotices;
  userAgent?: string;
  /** Receives one line per request, retry, fallback and credential lookup; never credentials or tokens. */
  log?: (line: string) => void;
}

type Operation<T> = (send: Send, endpoint: Endpoint) => Promise<T>;
type SendWith = (request: HttpRequest, tls: TlsSettings) => Promise<HttpResponse>;

export class RegistryClient {
  private readonly registries: Record<string, RegistryConfig>;
  private readonly transport: Transport;
  private readonly auth: Authenticator;
  private readonly tls: TlsFiles;
  private readonly credentials: CredentialStore;
  /** One request with retries and no authentication, with the TLS settings given. */
  private readonly sendWith: SendWith;
  private readonly fallback: EndpointFallback;
  private readonly timeoutMs: number;
  private readonly verify: boolean;
  private readonly deadline?: Deadline;
  private readonly watch?: WaitWatch;

  constructor(options: RegistryClientOptions = {}) {
    const log = options.log ?? (() => {});
    const env = options.env ?? process.env;
    this.timeoutMs = options.timeoutMs ?? defaults.requestTimeoutMs;
    this.verify = options.verify ?? false;
    if (options.deadlineMs !== undefined) this.deadline = new Deadline(options.deadlineMs);
    if (options.waiting !== undefined) this.watch = new WaitWatch(options.waiting);
    const deadline = this.deadline;
    this.fallback = new EndpointFallback(log);
    this.registries = options.registries ?? {};
    this.tls = new TlsFiles(env, unusableTls);
    this.credentials = new CredentialStore({
      registries: this.registries,
      env,
      helperTimeoutMs: defaults.credentialHelperTimeoutMs,
      signal: this.deadline?.signal,
      log,
    });
    this.transport = new Transport({
      concurrency: options.concurrencyPerRegistry ?? defaults.concurrencyPerRegistry,
      timeoutMs: this.timeoutMs,
      userAgent: options.userAgent ?? defaults.userAgent,
      env,
      log,
      deadline,
    });
    const policy = {
      retries: options.retries ?? defaults.retries,
      timeoutRetries: options.timeoutRetries ?? defaults.timeoutRetries,
      baseDelayMs: defaults.retryBaseDelayMs,
      maxRetryAfterMs: defaults.maxRetryAfterMs,
      log,
      signal: deadline?.signal,
    };
    this.sendWith = retrying((request, tls) => this.transport.send(request, tls), policy, deadline);
    this.auth = new Authenticator(
      (request) => this.sendAnywhere(request),
      new TokenCache(defaults.tokenExpiryMarginSeconds),
      (url) => url.protocol === 'https:' || isLoopback(url.host) || this.registries[url.host]?.insecure === true,
    );
  }

  /**
   * Where the credentials sent to `host` (as references and the configuration spell it) came from: a file, a
   * credential helper, basepin's configuration; null when none were found, undefined when none were looked up yet.
   * Never the credentials themselves.
   */
  credentialSource(host: string): string | null | undefined {
    return this.credentials.sourceOf(host);
  }

  /**
   * The digest and media type of the manifest `ref.tag` points at (for a multi-platform image: the index or
   * list). With no tag, checks that `ref.digest` exists and returns it. Throws `RegistryError`.
   */
  async resolve(ref: ImageName): Promise<Resolved> {
    const reference = ref.tag ?? ref.digest;
    if (reference === null)
      throw new TypeError(`cannot resolve ${ref.domain}/${ref.path}: it has neither a tag nor a digest`);
    const verify = this.verify || this.registries[ref.domain]?.verify === true;
    return this.withRegistry(ref, (send, endpoint) =>
      resolveManifest(
        send,
        {
          url: manifestUrl(endpoint, ref.path, reference),
          subject: subject(ref, endpoint),
          digest: ref.tag === null ? reference : undefined,
        },
        { verify },
      ),
    );
  }

  /**
   * The manifest (or index) bytes for a tag or digest, checked to be a manifest and verified against the digest
   * when one is known: by digest when `ref.digest` is set, else by tag (the digest is then the sha256 of the bytes,
   * checked against the registry's `Docker-Content-Digest`). Throws `RegistryError`.
   */
  async fetchManifest(ref: ImageName): Promise<Manifest> {
    const reference = ref.digest ?? ref.tag;
    if (reference === null)
      throw new TypeError(`cannot fetch ${ref.domain}/${ref.path}: it has neither a tag nor a digest`);
    return this.withRegistry(ref, (send, endpoint) =>
      fetchManifestBytes(send, {
        url: manifestUrl(endpoint, ref.path, reference),
        subject: subject(ref, endpoint),
        digest: ref.digest ?? undefined,
      }),
    );
  }

  /**
   * A blob (config or layer) of `ref`'s repository by digest, verified by hashing; `maxBytes` caps it (default
   * 16 MiB). Follows redirects, never sending `Authorization` to another origin. Throws `RegistryError`.
   */
  async fetchBlob(ref: ImageName, digest: string, options: { maxBytes?: number } = {}): Promise<Buffer> {
    if (!isDigest(digest)) throw new TypeError(`not a digest: ${digest}`);
    return this.withRegistry(ref, (send, endpoint) =>
      fetchBlobBytes(send, {
        url: `${endpoint.origin}${endpoint.basePath}/v2/${ref.path}/blobs/${digest}`,
        digest,
        maxBytes: options.maxBytes ?? defaults.maxBlobBytes,
        subject: { ...subject(byDigest(ref, digest), endpoint), object: 'blob' },
      }),
    );
  }

  /** Closes all connections. The client cannot be used afterwards. */
  async close(): Promise<void> {
    this.watch?.stop();
    await this.transport.close();
  }

  /**
   * Runs `operation` at the endpoints of `ref`'s registry (mirrors, then the host) with a `send` for each, as one
   * outstanding lookup at `ref.domain`, cut by the deadline.
   */
  private withRegistry<T>(ref: ImageName, operation: Operation<T>): Promise<T> {
    const endpoints = endpointsFor(ref.domain, this.registries);
    const work = () => this.fallback.run(endpoints, (endpoint) => operation(this.sender(ref, endpoint), endpoint));
    const watched = this.watch === undefined ? work() : this.watch.track(ref.domain, work);
    return this.deadline === undefined ? watched : this.deadline.race(watched, endpoints[endpoints.length - 1]!.origin);
  }

  /** Sends requests for `ref` to `endpoint`: authenticated there, redirects followed, never with `Authorization` elsewhere. */
  private sender(ref: ImageName, endpoint: Endpoint): Send {
    const tls = this.tls.settingsFor(endpoint.config, endpoint.configHost);
    const timeoutMs = endpoint.config.timeoutMs ?? this.registries[ref.domain]?.timeoutMs ?? this.timeoutMs;
    const target: AuthTarget = {
      origin: endpoint.origin,
      repository: ref.path,
      credentials: async () => (await this.credentials.credentialsFor(endpoint.configHost))?.credentials,
      send: (request) => this.sendWith({ timeoutMs, ...request }, tls),
    };
    const toRegistry: Send = (request) => this.auth.request(target, request);
    return (request) =>
      followRedirects(request, endpoint.origin, toRegistry, (elsewhere) => this.sendAnywhere(elsewhere));
  }

  /** An unauthenticated request to any URL (a token server, a redirect), with the TLS settings of its host's entry, if any. */
  private sendAnywhere(request: HttpRequest): Promise<HttpResponse> {
    const { host } = new URL(request.url);
    const settings = this.registries[host] ?? {};
    return this.sendWith(
      { timeoutMs: settings.timeoutMs ?? this.timeoutMs, ...request },
      this.tls.settingsFor(settings, host),
    );
  }
}

/**
 * `send` with retries by `policy`. A failure to get any answer says how many attempts were made, and once the
 * deadline has passed, its error is the one thrown.
 */
function retrying(send: SendWith, policy: RetryPolicy, deadline: Deadline | undefined): SendWith {
  return async (request, tls) => {
    let attempts = 0;
    const attempt = () => {
      attempts += 1;
      return send(request, tls);
    };
    try {
      return await withRetries(attempt, policy);
    } catch (error) {
      throw withAttempts(deadline?.passed ? deadline.error(request.url) : error, attempts);
    }
  };
}

function manifestUrl(endpoint: Endpoint, repository: string, reference: string): string {
  return `${endpoint.origin}${endpoint.basePath}/v2/${repository}/manifests/${reference}`;
}

function subject(ref: ImageName, endpoint: Endpoint): Subject {
  const repository = `${ref.domain}/${ref.path}`;
  const reference = ref.tag === null ? `${repository}@${ref.digest}` : `${repository}:${ref.tag}`;
  return { reference, repository, via: endpoint.mirror };
}

/** An unusable CA, certificate or key file: the registry cannot be reached, and trying again does not help. */
function unusableTls(what: string, host: string): RegistryError {
  return new RegistryError(`cannot read ${what}`, { reason: 'unreachable', url: `https://${host}/`, retryable: false });
}
