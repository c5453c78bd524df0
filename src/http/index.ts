/**
 * The HTTP layer every client shares (registry, forge): connection pools (HTTP/2 when offered), proxies, TLS
 * settings, retries with backoff and `Retry-After`, size-capped reads, per-origin limits, and the plain request
 * and response types. It knows nothing of registries: what a failure means is the caller's.
 */

export { dispatcherFor } from './dispatcher.js';
export { header } from './headers.js';
export { Limiter } from './limiter.js';
export { isLoopback } from './loopback.js';
export { proxyFor } from './proxy.js';
export { readAtMost } from './read-at-most.js';
export { redactUrl } from './redact.js';
export { parseRetryAfter, type RetryPolicy, withRetries } from './retry.js';
export { TlsFiles, type TlsSettings } from './tls-settings.js';
export type { HttpRequest, HttpResponse } from './types.js';
