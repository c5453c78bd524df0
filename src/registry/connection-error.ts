/** Turns a failure below HTTP (DNS, TCP, TLS, timeout, a closed socket) into a `RegistryError` a user can act on. */

import { RegistryError } from './errors.js';

interface SystemError {
  code?: string;
  syscall?: string;
  message?: string;
  name?: string;
  errors?: unknown[];
}

const TEMPORARY = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export function connectionError(error: unknown, url: string, timeoutMs: number): RegistryError {
  const cause = firstCause(error);
  const host = new URL(url).host;
  if (cause.name === 'TimeoutError' || TIMEOUTS.has(cause.code ?? '')) {
    return new RegistryError(`registry ${host} did not answer within ${timeoutMs} ms`, { reason: 'timeout', url, cause: error });
  }
  if (isTlsError(cause)) {
    const message = `cannot reach registry ${host}: TLS: ${cause.message} (configure \`ca\` for this registry if it uses a private CA)`;
    return new RegistryError(message, { reason: 'unreachable', url, retryable: false, cause: error });
  }
  const code = cause.code ?? '';
  return new RegistryError(`cannot reach registry ${host}: ${describe(cause)}`, {
    reason: 'unreachable',
    url,
    retryable: TEMPORARY.has(code),
    cause: error,
  });
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

/** `connect ECONNREFUSED`, `getaddrinfo ENOTFOUND`, or the message when there is no system call. */
function describe(error: SystemError): string {
  if (error.syscall !== undefined && error.code !== undefined) return `${error.syscall} ${error.code}`;
  return error.message ?? 'unknown error';
}
