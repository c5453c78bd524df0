/**
 * Every default of basepin, in one place. Plain values only: this module does no I/O and reads no environment, so pure
 * modules may import it (where a default depends on the machine, such as the work directory, a function next to its
 * use computes it).
 */
export const defaults = {
  /** Requests in flight at once to one registry host over HTTP/1.1 (also its number of connections). */
  concurrencyPerRegistry: 12,
  /** Requests in flight at once on the one connection to a registry that speaks HTTP/2 (over TLS). */
  http2StreamsPerRegistry: 100,
  /** Per-request timeout (connect + headers + body), milliseconds; `--timeout`, `registries.<host>.timeout`. */
  requestTimeoutMs: 10_000,
  /** Retries of a temporary failure (429, 5xx, connection error) after the first attempt. */
  retries: 3,
  /** Retries of a request that timed out: each costs a whole timeout, so a stalled registry fails in about 2 x 10 s. */
  timeoutRetries: 1,
  /** Longest pin, check or update may wait on registries in all, milliseconds; `--deadline`. */
  runDeadlineMs: 5 * 60_000,
  /** A run says which registry it is waiting on once a lookup has waited this long, then at most this often. */
  waitingNoticeAfterMs: 5_000,
  waitingNoticeEveryMs: 15_000,
  /** First retry delay in milliseconds; doubles each time (with jitter), unless the registry sends Retry-After. */
  retryBaseDelayMs: 250,
  /** Longest Retry-After basepin will honour before giving up, milliseconds. */
  maxRetryAfterMs: 60_000,
  /** Seconds before a Bearer token's expiry at which basepin fetches a new one. */
  tokenExpiryMarginSeconds: 30,
  /** Bearer token lifetime assumed when the token server does not say (the distribution spec's default). */
  defaultTokenLifetimeSeconds: 60,
  /** The name references use for Docker Hub. Docker Hub's names are read through `src/reference/docker-hub.ts`. */
  dockerHubDomain: 'docker.io',
  /** The host Docker Hub's registry API answers at, where requests for `dockerHubDomain` go. */
  dockerHubHost: 'registry-1.docker.io',
  /** Files read or written at once. */
  filesAtOnce: 32,
  configFile: '.basepin.yaml',
  userAgent: 'basepin',
  /** How long one lookup of a registry's credentials (files, helpers) is reused, milliseconds. */
  credentialCacheMs: 5 * 60_000,
  /** Longest a `docker-credential-*` helper may take to answer, milliseconds. */
  credentialHelperTimeoutMs: 30_000,
  /** Blobs larger than this are refused unless `fetchBlob` is told otherwise. */
  maxBlobBytes: 16 * 1024 * 1024,
  /** Longest image config blob read by inspect, diff and doctor. */
  maxConfigBytes: 8 * 1024 * 1024,
  /** The local Docker Engine API (doctor). */
  engine: {
    requestTimeoutMs: 20_000,
    /** Tags doctor asks the engine and the registry about at once. */
    tagsAtOnce: 8,
    /** A pull that reports no progress for this long is abandoned. */
    pullIdleTimeoutMs: 300_000,
  },
  /** GitHub and GitLab API calls (pull requests). */
  forge: {
    requestTimeoutMs: 30_000,
    /** The longest answer read: far more than a pull request or a short list of them. */
    maxResponseBytes: 4 * 1024 * 1024,
  },
  /** Longest one git command may run (clone, fetch, push) before it and its children are killed, milliseconds. */
  gitTimeoutMs: 5 * 60_000,
  /** `basepin propagate`, and the service's propagations. */
  propagation: {
    /** Dependents updated at once. */
    concurrency: 4,
    /** How long to wait for another basepin process to finish with a work tree, milliseconds. */
    lockWaitMs: 10 * 60_000,
  },
  /** `basepin serve`. */
  serve: {
    listen: '127.0.0.1:8080',
    /** Quiet time after the last push of a tag before it is propagated. */
    debounce: '5s',
    /** Interval of full reconciles of every dependent (also run at start). */
    resync: '30m',
    /** A burst never delays a propagation by more than this many debounce periods. */
    maxWaitDebounces: 10,
    bodyLimitBytes: 1024 * 1024,
    requestTimeoutMs: 10_000,
    /** The environment variable holding the webhook secret. */
    secretEnv: 'BASEPIN_WEBHOOK_SECRET',
  },
  /** The command line's output. */
  cli: {
    /** A run that takes longer than this shows progress on stderr (only on a terminal, never in CI), milliseconds. */
    progressAfterMs: 1000,
    /** Problem rows in `--format markdown` (a job summary is capped at 1 MiB); the rest are counted. */
    markdownRows: 200,
  },
} as const;
