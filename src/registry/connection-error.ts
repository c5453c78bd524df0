/** Turns a failure below HTTP (DNS, TCP, TLS, timeout, a closed socket) into a `RegistryError` a user can act on. */

import { describeDuration } from './duration-text.js';
import { RegistryError } from './errors.js';

interface SystemError {
  code?: string;
  syscall?: string;
  message?: string;
  name?: string;
  errors?: unknown[];
  /** undici's socket details on a `SocketError`. */
  socket?: { bytesRead?: number };
}

const TEMPORARY = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/**
 * The TLS alerts a server sends when it wants a client certificate it did not get (`bad_certificate` from TLS 1.2-style
 * servers and Go's TLS 1.3 server when the handshake carries ALPN, `certificate_required` from TLS 1.3).
 */
const CLIENT_CERTIFICATE_ALERTS = new Set([
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
]);
/** What OpenSSL reports when the server answers a TLS handshake in plain HTTP. */
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);

export function connectionError(error: unknown, url: string, timeoutMs: number): RegistryError {
  const cause = firstCause(error);
  const host = new URL(url).host;
  if (cause.name === 'TimeoutError' || TIMEOUTS.has(cause.code ?? '')) {
    return new RegistryError(`registry ${host} did not answer within ${describeDuration(timeoutMs)}`, {
      reason: 'timeout',
      url,
      cause: error,
    });
  }
  if (NOT_TLS.has(cause.code ?? '')) {
    const message = `cannot reach registry ${host}: it does not speak TLS (a plain-HTTP registry needs \`insecure: true\`)`;
    return new RegistryError(message, { reason: 'unreachable', url, retryable: false, cause: error });
  }
  if (CLIENT_CERTIFICATE_ALERTS.has(cause.code ?? '')) {
    const message = `cannot reach registry ${host}: it refused the TLS handshake for want of a client certificate it accepts (configure \`certificate\` and \`key\`)`;
    return new RegistryError(message, { reason: 'unreachable', url, retryable: false, cause: error });
  }
  if (isTlsError(cause)) {
    const message = `cannot reach registry ${host}: TLS: ${cause.message} (configure \`ca\` for this registry if it uses a private CA)`;
    return new RegistryError(message, { reason: 'unreachable', url, retryable: false, cause: error });
  }
  const code = cause.code ?? '';
  return new RegistryError(`cannot reach registry ${host}: ${describe(cause)}${clientCertificateHint(cause, url)}`, {
    reason: 'unreachable',
    url,
    retryable: TEMPORARY.has(code),
    cause: error,
  });
}

/** True when `error` says the server answered TLS in plain HTTP. */
export function speaksPlainHttp(error: unknown): boolean {
  return error instanceof RegistryError && NOT_TLS.has(firstCause(error.cause).code ?? '');
}

/** Happy-eyeballs connects fail with an AggregateError of one error per address: the first tells the story. */
function firstCause(error: unknown): SystemError {
  const value = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SystemError;
  const inner = value.errors?.[0];
  return value.code === undefined && typeof inner === 'object' && inner !== null ? (inner as SystemError) : value;
}

function isTlsError(error: SystemError): boolean {
  const code = error.code ?? '';
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code);
}

/**
 * A TLS 1.3 server that requires a client certificate accepts the handshake and then hangs up before answering
 * anything; undici sees only "other side closed". Name the likely cause.
 */
function clientCertificateHint(error: SystemError, url: string): string {
  const silent = error.code === 'UND_ERR_SOCKET' && error.socket?.bytesRead === 0 && url.startsWith('https:');
  return silent ? ' before answering (if it requires a client certificate, configure `certificate` and `key`)' : '';
}

/** `connect ECONNREFUSED`, `getaddrinfo ENOTFOUND`, or the message when there is no system call. */
function describe(error: SystemError): string {
  if (error.syscall !== undefined && error.code !== undefined) return `${error.syscall} ${error.code}`;
  return error.message ?? 'unknown error';
}

/** `error` with the number of attempts made, when it is a failure to get any answer after more than one. */
export function withAttempts(error: unknown, attempts: number): unknown {
  const noAnswer =
    error instanceof RegistryError &&
    (error.reason === 'timeout' || error.reason === 'unreachable') &&
    error.status === undefined;
  if (!noAnswer || attempts < 2) return error;
  const { reason, codes, url, retryable } = error;
  const message = `${error.message} (${attempts} attempts)`;
  return new RegistryError(message, { reason, codes, url, retryable, cause: error.cause ?? error });
}
