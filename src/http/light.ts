/**
 * The part of the HTTP layer that loads no HTTP client (string helpers), for modules on light paths
 * (`basepin ls`, the error map) that must not load undici. Everything else comes from `index.ts`.
 */

export { isLoopback } from './loopback.js';
export { redactUrl } from './redact.js';
