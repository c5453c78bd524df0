/** URLs as they may be shown: in messages, logs and errors, never with credentials. */

const SECRET_QUERY = /token|password|secret|signature|sig|key|auth|credential/i;

/** `url` without user info, and with the values of secret-looking query parameters replaced by `REDACTED`. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<invalid URL>';
  }
  parsed.username = '';
  parsed.password = '';
  for (const name of [...new Set(parsed.searchParams.keys())]) {
    if (SECRET_QUERY.test(name)) parsed.searchParams.set(name, 'REDACTED');
  }
  return parsed.toString();
}
