/**
 * Credentials in git URLs never reach output: `https://user:token@host/...` becomes `https://***@host/...`. Applied
 * to every URL basepin prints and to everything git writes on stderr.
 */

/** `scheme://userinfo@` anywhere in a text: the user info of a URL, up to its last `@` (a password may hold one). */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s]*@/gi;

/** `text` with the user info of every URL in it replaced by `***`. */
export function redact(text: string): string {
  return text.replace(USERINFO, '$1***@');
}
