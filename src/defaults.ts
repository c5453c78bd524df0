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
  /** Longest file read only for the build context names it defines (a build script; a Bake, Compose or CI file). */
  maxBuildScriptBytes: 1024 * 1024,
  /** How long a run reads files before it lets the registry lookups under way move on, milliseconds. */
  readSliceMs: 5,
  /** Files read or written at once. */
  filesAtOnce: 32,
  /** The largest file basepin reads (`maxFileBytes` in .basepin.yaml): far above any real Dockerfile or manifest. */
  maxFileBytes: 16 * 1024 * 1024,
  /** A temporary file of basepin's older than this is a leftover whatever its pid says (a write takes far less). */
  staleTemporaryMs: 10 * 60_000,
  configFile: '.basepin.yaml',
  /** Most files one `.gitlab-ci.yml` pulls in through `include: local:`, nested ones counted (GitLab's own limit). */
  gitlabIncludesMax: 150,
  /** `ls --unread` looks for image mentions in files up to this size only. */
  unreadMaxBytes: 1024 * 1024,
  /** Largest configuration file read (`.basepin.yaml`, the dependents file); any real one is a few KiB. */
  maxConfigFileBytes: 1024 * 1024,
  /** Largest certificate or key file read (`ca`, `certificate`, `key`, NODE_EXTRA_CA_CERTS, SSL_CERT_FILE). */
  maxCertificateFileBytes: 1024 * 1024,
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
    /** A GitHub App to act as (installation tokens instead of `tokenEnv`): its id and its private key (PEM). */
    appIdEnv: 'BASEPIN_GITHUB_APP_ID',
    appKeyEnv: 'BASEPIN_GITHUB_APP_PRIVATE_KEY',
    /** An installation token is replaced this long before it expires. */
    appTokenMarginMs: 5 * 60_000,
    /** Content-creating requests (pull requests opened or edited) per hour and identity: GitHub's secondary limit. */
    pullRequestBudget: '500/h',
  },
  /** Longest one git command may run (clone, fetch, push) before it and its children are killed, milliseconds. */
  gitTimeoutMs: 5 * 60_000,
  /** `basepin propagate`, and the service's propagations. */
  propagation: {
    /** Dependents updated at once. */
    concurrency: 4,
    /** How long to wait for another basepin process to finish with a work tree, milliseconds. */
    lockWaitMs: 10 * 60_000,
    /**
     * Fetch-update-commit-push cycles per dependent when another process (another shard, a duplicate run) moves the
     * remote branch under it: each loser fetches again and recomputes.
     */
    pushAttempts: 4,
    /** The largest image -> dependents index (`--index`, `basepin graph --json`) read. */
    maxIndexBytes: 64 * 1024 * 1024,
  },
  /** `basepin update-pr`. */
  updatePullRequest: {
    /** The one branch a repository's own pin updates are proposed on. */
    branch: 'basepin/update',
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
    /** `--dispatch`: where a push's work goes (`local`, `github-actions`, `kubernetes`). */
    dispatch: 'local',
    /** Shard processes a dispatched push is split into. */
    shards: 4,
    /** The GitHub API of `--dispatch github-actions`. */
    dispatchApi: 'https://api.github.com',
    /** The token of `--dispatch github-actions` (unless a GitHub App is configured). */
    dispatchTokenEnv: 'GITHUB_TOKEN',
    /** The `repository_dispatch` event type the operations repository's workflow listens for. */
    dispatchEventType: 'basepin-propagate',
    /** A Kubernetes API token (`--dispatch kubernetes` outside the cluster, or instead of the service account's). */
    kubeTokenEnv: 'BASEPIN_KUBE_TOKEN',
    /** Where a pod's service account token, CA and namespace are mounted. */
    serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount',
  },
  /** The command line's output. */
  cli: {
    /** A run that takes longer than this shows progress on stderr (only on a terminal, never in CI), milliseconds. */
    progressAfterMs: 1000,
    /** Problem rows in `--format markdown` (a job summary is capped at 1 MiB); the rest are counted. */
    markdownRows: 200,
  },
} as const;
