/**
 * Why a reference could not be handled (status `error`), in a small set that `--json` and SARIF report as `reason`,
 * so that a pipeline can tell a missing credential from a typo or a registry down. Pure: the registry side maps its
 * own errors onto it (lookups.ts).
 */
export const REASONS = [
  /** The registry wants credentials, rejected them, or they do not grant pull access (HTTP 401 or 403). */
  'unauthorized',
  /** The repository or tag does not exist (HTTP 404). */
  'not-found',
  /** The registry could not be reached, timed out or failed (connection errors, HTTP 5xx). */
  'unreachable',
  /** The registry refused more requests for now (HTTP 429). */
  'rate-limited',
  /** The reference as written is not a valid image reference, or the registry's answer broke the protocol. */
  'invalid',
  /** The registry answered, but which digest a platform pin should move to cannot be told: move it by hand. */
  'undecidable',
  /** The new digest cannot be written safely (the text cannot hold it, or the file cannot be written). */
  'unwritable',
  /** Anything else: a bug in basepin, or a failure it does not know. */
  'internal',
] as const;

export type Reason = (typeof REASONS)[number];

/** A read that failed: its message for people, and its reason. */
export interface Failure {
  error: string;
  reason: Reason;
}
