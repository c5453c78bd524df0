/**
 * The docker credential helper protocol (`docker-credential-NAME get`): the server URL on stdin; on success a JSON
 * object `{ServerURL, Username, Secret}` on stdout, where the user name `<token>` marks the secret as an identity
 * token; on failure a non-zero exit and a message, `credentials not found in native keychain` meaning "none".
 */

import type { Credentials } from './types.js';

export const NOT_FOUND_MESSAGE = 'credentials not found in native keychain';
const IDENTITY_TOKEN_USER = '<token>';

/** The credentials in a helper's successful output; undefined when it holds none. Throws when it is not the protocol's JSON. */
export function parseHelperOutput(stdout: string): Credentials | undefined {
  let data: { Username?: unknown; Secret?: unknown };
  try {
    data = JSON.parse(stdout) as typeof data;
  } catch {
    throw new Error('answered with something other than JSON');
  }
  const username = typeof data?.Username === 'string' ? data.Username : '';
  const secret = typeof data?.Secret === 'string' ? data.Secret : '';
  if (secret === '') return undefined;
  if (username === IDENTITY_TOKEN_USER) return { kind: 'identity-token', username: '', identityToken: secret };
  return { kind: 'password', username, password: secret };
}

/** True when a failed helper's output says it simply has no credentials for the server. */
export function isNotFound(output: string): boolean {
  return output.includes(NOT_FOUND_MESSAGE);
}
