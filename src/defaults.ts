/** Every default of basepin, in one place. */
export const defaults = {
  /** Requests in flight at once to one registry host. */
  concurrencyPerRegistry: 12,
  /** Per-request timeout (connect + headers + body), milliseconds. */
  requestTimeoutMs: 20_000,
  /** Retries of a temporary failure (429, 5xx, connection error) after the first attempt. */
  retries: 3,
  /** First retry delay in milliseconds; doubles each time (with jitter), unless the registry sends Retry-After. */
  retryBaseDelayMs: 250,
  /** Longest Retry-After basepin will honour before giving up, milliseconds. */
  maxRetryAfterMs: 60_000,
  /** Seconds before a Bearer token's expiry at which basepin fetches a new one. */
  tokenExpiryMarginSeconds: 30,
  /** Bearer token lifetime assumed when the token server does not say (the distribution spec's default). */
  defaultTokenLifetimeSeconds: 60,
  /** The name references use for Docker Hub, and the host requests for it go to. */
  dockerHubDomain: 'docker.io',
  dockerHubHost: 'registry-1.docker.io',
  /** Files read or written at once. */
  filesAtOnce: 32,
  configFile: '.basepin.yaml',
  userAgent: 'basepin',
} as const;
