import { redactUrl } from '../http/light.js';

/** The one error type of the registry client: what went wrong, where, and whether trying again can help. */

export type RegistryErrorReason =
  | 'not-found'
  | 'unauthorized'
  | 'denied'
  | 'unreachable'
  | 'rate-limited'
  | 'timeout'
  | 'protocol';

export interface RegistryErrorDetails {
  reason: RegistryErrorReason;
  /** The URL of the failed request; redacted here, whatever the caller passes. */
  url: string;
  status?: number;
  /** Error codes from the registry's JSON error body (`MANIFEST_UNKNOWN`, `UNAUTHORIZED`, ...). */
  codes?: string[];
  /** Defaults to true for `unreachable`, `rate-limited` and `timeout`. */
  retryable?: boolean;
  cause?: unknown;
}

/** A failure talking to a registry. Its message is meant for users and never holds credentials or tokens. */
export class RegistryError extends Error {
  readonly reason: RegistryErrorReason;
  readonly status?: number;
  readonly codes: string[];
  /** The request URL with any user info and secret-looking query values removed. */
  readonly url: string;
  readonly retryable: boolean;

  constructor(message: string, details: RegistryErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'RegistryError';
    this.reason = details.reason;
    this.status = details.status;
    this.codes = details.codes ?? [];
    this.url = redactUrl(details.url);
    this.retryable = details.retryable ?? ['unreachable', 'rate-limited', 'timeout'].includes(details.reason);
  }
}
