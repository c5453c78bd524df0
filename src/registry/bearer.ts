/**
 * The token request of the distribution token spec. With a password (or none): `GET realm?service=S&scope=...`,
 * with Basic credentials when there are some. With an identity token: the OAuth2 `refresh_token` grant,
 * `POST realm` with a form body, as the docker CLI does. Credentials only travel over HTTPS, or to a
 * loopback or `insecure` host.
 */

import type { Credentials } from '../credentials/index.js';
import { defaults } from '../defaults.js';
import { RegistryError } from './errors.js';
import { statusError } from './status-error.js';
import type { FetchedToken } from './token-cache.js';
import { type HttpRequest, type HttpResponse, redactUrl } from '../http/index.js';

export interface TokenRequest {
  realm: string;
  service?: string;
  scopes: string[];
  credentials?: Credentials;
  /** The registry the token is for, for messages. */
  registry: string;
}

/** Sends one request (with retries), unauthenticated. */
export type Send = (request: HttpRequest) => Promise<HttpResponse>;

/** Whether credentials may be sent to `url`: over HTTPS, or to a loopback or `insecure` host. */
export type MayCarryCredentials = (url: URL) => boolean;

const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;
const CLIENT_ID = 'basepin';

/** `Basic base64(user:password)`. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** A token for `request.scopes`. Throws `RegistryError`, never with a credential in it. */
export async function fetchToken(
  send: Send,
  request: TokenRequest,
  mayCarryCredentials: MayCarryCredentials,
): Promise<FetchedToken> {
  const realm = realmUrl(request.realm);
  const { credentials } = request;
  if (credentials !== undefined && !mayCarryCredentials(realm)) throw plainHttpRefusal(request.registry, realm);
  const response = await send(tokenHttpRequest(realm, request));
  if ((response.status === 401 || response.status === 400) && credentials !== undefined) {
    const message = `unauthorized: the token server ${realm.host} rejected the credentials for ${request.registry} (${response.status})`;
    throw new RegistryError(message, { reason: 'unauthorized', status: response.status, url: response.url });
  }
  if (response.status !== 200) {
    const what = `a token for ${request.registry}`;
    throw statusError(response, { reference: what, repository: what });
  }
  return parseTokenResponse(response);
}

/** The error for credentials that would travel over plain HTTP to `destination`, which is not loopback or `insecure`. */
export function plainHttpRefusal(registry: string, destination: URL): RegistryError {
  const allow = `configure \`insecure: true\` for ${destination.host} to allow it`;
  const message = `refusing to send the credentials for ${registry} to ${destination.origin} over plain HTTP (${allow})`;
  return new RegistryError(message, { reason: 'protocol', url: destination.href, retryable: false });
}

function tokenHttpRequest(realm: URL, { service, scopes, credentials }: TokenRequest): HttpRequest {
  const maxBodyBytes = MAX_TOKEN_RESPONSE_BYTES;
  if (credentials?.kind === 'identity-token') {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: credentials.identityToken,
      client_id: CLIENT_ID,
    });
    if (service !== undefined) form.set('service', service);
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    return { method: 'POST', url: realm.href, headers, body: form.toString(), maxBodyBytes };
  }
  const url = new URL(realm);
  if (service !== undefined) url.searchParams.append('service', service);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  const headers: Record<string, string> = {};
  if (credentials !== undefined) headers.authorization = basicAuthorization(credentials.username, credentials.password);
  return { method: 'GET', url: url.href, headers, maxBodyBytes };
}

function realmUrl(realm: string): URL {
  const url = URL.canParse(realm) ? new URL(realm) : undefined;
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new RegistryError(`the registry's token realm is not an http(s) URL: ${redactUrl(realm)}`, {
      reason: 'protocol',
      url: realm,
    });
  }
  return url;
}

/** `{token | access_token, expires_in?}`; the spec's default lifetime applies when `expires_in` is missing. */
function parseTokenResponse(response: HttpResponse): FetchedToken {
  let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
  try {
    body = JSON.parse(response.body.toString('utf8')) as typeof body;
  } catch {
    body = {};
  }
  const token = typeof body.token === 'string' && body.token !== '' ? body.token : body.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new RegistryError(`the token server at ${new URL(response.url).host} answered without a token`, {
      reason: 'protocol',
      status: response.status,
      url: response.url,
    });
  }
  const lifetime = body.expires_in;
  const expiresInSeconds =
    typeof lifetime === 'number' && lifetime > 0 ? lifetime : defaults.defaultTokenLifetimeSeconds;
  return { token, expiresInSeconds };
}
