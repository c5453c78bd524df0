/** The Bearer token request of the distribution token spec: `GET realm?service=S&scope=...`, anonymous or with Basic credentials. */

import { defaults } from '../defaults.js';
import { RegistryError, redactUrl } from './errors.js';
import { statusError } from './status-error.js';
import type { FetchedToken } from './token-cache.js';
import type { HttpRequest, HttpResponse, TlsSettings } from './transport.js';

export interface Credentials {
  username: string;
  password: string;
}

export interface TokenRequest {
  realm: string;
  service?: string;
  scopes: string[];
  credentials?: Credentials;
  /** The registry the token is for, for messages. */
  registry: string;
}

export type Send = (request: HttpRequest, tls?: TlsSettings) => Promise<HttpResponse>;

const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

/** `Basic base64(user:password)`. */
export function basicAuthorization({ username, password }: Credentials): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export async function fetchToken(send: Send, request: TokenRequest, tls?: TlsSettings): Promise<FetchedToken> {
  const url = tokenUrl(request);
  const headers = request.credentials === undefined ? undefined : { authorization: basicAuthorization(request.credentials) };
  const response = await send({ method: 'GET', url, headers, maxBodyBytes: MAX_TOKEN_RESPONSE_BYTES }, tls);
  if (response.status === 401 && request.credentials !== undefined) {
    const message = `unauthorized: the token server ${new URL(url).host} rejected the credentials for ${request.registry} (401)`;
    throw new RegistryError(message, { reason: 'unauthorized', status: 401, url });
  }
  if (response.status !== 200) {
    const what = `a token for ${request.registry}`;
    throw statusError(response, { reference: what, repository: what, withCredentials: request.credentials !== undefined });
  }
  return parseTokenResponse(response);
}

function tokenUrl({ realm, service, scopes }: TokenRequest): string {
  const url = URL.canParse(realm) ? new URL(realm) : undefined;
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new RegistryError(`the registry's token realm is not an http(s) URL: ${redactUrl(realm)}`, { reason: 'protocol', url: realm });
  }
  if (service !== undefined) url.searchParams.append('service', service);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  return url.href;
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
  const expiresInSeconds = typeof lifetime === 'number' && lifetime > 0 ? lifetime : defaults.defaultTokenLifetimeSeconds;
  return { token, expiresInSeconds };
}
