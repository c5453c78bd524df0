/**
 * The authentication layer. A request goes out with the authorization its origin asked for last time (so
 * after the first challenge no request pays for a 401); on a 401 the challenge decides: Basic sends the
 * configured credentials, Bearer fetches a token for the challenge's scope (anonymously or with the
 * credentials) through the shared token cache, and the request is sent once more.
 */

import { parseChallenges, type Challenge } from './challenge.js';
import { basicAuthorization, fetchToken, type Credentials, type Send } from './bearer.js';
import type { TokenCache } from './token-cache.js';
import type { HttpRequest, HttpResponse, TlsSettings } from './transport.js';

/** The registry side of a request: where it goes, for which repository, with what credentials. */
export interface AuthTarget {
  origin: string;
  repository: string;
  credentials?: Credentials;
  tls: TlsSettings;
}

interface Authorization {
  header: string;
  /** Set for Bearer: the cache key and token, to drop the token if the registry rejects it. */
  cached?: { key: string; token: string };
}

export class Authenticator {
  /** The challenge each origin answered with last, to authorize the next request up front. */
  private readonly challenges = new Map<string, Challenge>();

  constructor(
    private readonly send: Send,
    private readonly tokens: TokenCache,
  ) {}

  /** Sends `request` to `target`, authenticating as its challenges ask. A 401 that cannot be answered is returned. */
  async request(target: AuthTarget, request: HttpRequest): Promise<HttpResponse> {
    const known = this.challenges.get(target.origin);
    const first = known === undefined ? undefined : await this.authorize(target, known, [pullScope(target.repository)]);
    const response = await this.send(withAuthorization(request, first), target.tls);
    if (response.status !== 401) return response;

    const challenge = choose(parseChallenges(response.headers['www-authenticate']), target.credentials);
    if (challenge === undefined) return response;
    this.challenges.set(target.origin, challenge);
    if (first?.cached !== undefined) this.tokens.invalidate(first.cached.key, first.cached.token);
    const second = await this.authorize(target, challenge, challengeScopes(challenge, target.repository));
    if (second === undefined || second.header === first?.header) return response;
    return this.send(withAuthorization(request, second), target.tls);
  }

  /** The `Authorization` value answering `challenge`; undefined for Basic without credentials. */
  private async authorize(target: AuthTarget, challenge: Challenge, scopes: string[]): Promise<Authorization | undefined> {
    if (challenge.scheme === 'basic') {
      return target.credentials === undefined ? undefined : { header: basicAuthorization(target.credentials) };
    }
    const { realm = '', service } = challenge.params;
    const key = [target.origin, realm, service ?? '', ...scopes].join(' ');
    const registry = new URL(target.origin).host;
    const token = await this.tokens.get(key, () =>
      fetchToken(this.send, { realm, service, scopes, credentials: target.credentials, registry }, target.tls),
    );
    return { header: `Bearer ${token}`, cached: { key, token } };
  }
}

/** Bearer when offered (it works anonymously), else Basic when there are credentials to send. */
function choose(challenges: Challenge[], credentials: Credentials | undefined): Challenge | undefined {
  const bearer = challenges.find((challenge) => challenge.scheme === 'bearer' && challenge.params.realm !== undefined);
  if (bearer !== undefined) return bearer;
  return credentials === undefined ? undefined : challenges.find((challenge) => challenge.scheme === 'basic');
}

function challengeScopes(challenge: Challenge, repository: string): string[] {
  const scope = challenge.params.scope?.trim();
  return scope ? scope.split(/\s+/) : [pullScope(repository)];
}

function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

function withAuthorization(request: HttpRequest, authorization: Authorization | undefined): HttpRequest {
  if (authorization === undefined) return request;
  return { ...request, headers: { ...request.headers, authorization: authorization.header } };
}
