/**
 * The authentication layer. A request goes out with the authorization its origin asked for last time (so
 * after the first challenge no request pays for a 401); on a 401 the challenge decides: Basic sends the
 * credentials, Bearer fetches a token for the challenge's scope (anonymously, with the password, or with the
 * identity token) through the shared token cache, and the request is sent once more. Credentials are looked
 * up only when a challenge needs them, and only travel over HTTPS or to loopback and `insecure` hosts.
 */

import type { Credentials } from '../credentials/index.js';
import { basicAuthorization, fetchToken, plainHttpRefusal, type MayCarryCredentials, type Send } from './bearer.js';
import { parseChallenges, type Challenge } from './challenge.js';
import type { TokenCache } from './token-cache.js';
import type { HttpRequest, HttpResponse } from '../http/index.js';

/** The registry side of a request: where it goes, for which repository, with what credentials. */
export interface AuthTarget {
  origin: string;
  repository: string;
  /** The credentials for this registry (undefined: anonymous), looked up when first needed. */
  credentials: () => Promise<Credentials | undefined>;
  /** Sends one request to the registry, with its TLS settings and retries. */
  send: Send;
}

interface Authorization {
  header: string;
  /** Whether credentials went into it (Basic, or a token fetched with credentials). */
  withCredentials: boolean;
  /** Set for Bearer: the cache key and token, to drop the token if the registry rejects it. */
  cached?: { key: string; token: string };
}

export class Authenticator {
  /** The challenge each origin answered with last, to authorize the next request up front. */
  private readonly challenges = new Map<string, Challenge>();

  constructor(
    /** Sends token requests (to the token server's origin, with its TLS settings). */
    private readonly sendToTokenServer: Send,
    private readonly tokens: TokenCache,
    private readonly mayCarryCredentials: MayCarryCredentials,
  ) {}

  /** Sends `request` to `target`, authenticating as its challenges ask. A 401 that cannot be answered is returned. */
  async request(target: AuthTarget, request: HttpRequest): Promise<HttpResponse> {
    const known = this.challenges.get(target.origin);
    const first = known === undefined ? undefined : await this.authorize(target, known, [pullScope(target.repository)]);
    const response = await target.send(withAuthorization(request, first));
    if (response.status !== 401) return marked(response, first);

    const challenge = choose(parseChallenges(response.headers['www-authenticate']), await target.credentials());
    if (challenge === undefined) return marked(response, first);
    this.challenges.set(target.origin, challenge);
    if (first?.cached !== undefined) this.tokens.invalidate(first.cached.key, first.cached.token);
    const second = await this.authorize(target, challenge, challengeScopes(challenge, target.repository));
    if (second === undefined || second.header === first?.header) return marked(response, first);
    return marked(await target.send(withAuthorization(request, second)), second);
  }

  /** The `Authorization` value answering `challenge`; undefined for Basic without a password to send. */
  private async authorize(
    target: AuthTarget,
    challenge: Challenge,
    scopes: string[],
  ): Promise<Authorization | undefined> {
    const credentials = await target.credentials();
    const registry = new URL(target.origin).host;
    if (challenge.scheme === 'basic') {
      if (credentials?.kind !== 'password') return undefined;
      if (!this.mayCarryCredentials(new URL(target.origin))) throw plainHttpRefusal(registry, new URL(target.origin));
      return { header: basicAuthorization(credentials.username, credentials.password), withCredentials: true };
    }
    const { realm = '', service } = challenge.params;
    const key = [target.origin, realm, service ?? '', ...scopes].join(' ');
    const token = await this.tokens.get(key, () =>
      fetchToken(this.sendToTokenServer, { realm, service, scopes, credentials, registry }, this.mayCarryCredentials),
    );
    return { header: `Bearer ${token}`, withCredentials: credentials !== undefined, cached: { key, token } };
  }
}

/** Bearer when offered (it works anonymously), else Basic when there is a password to send. */
function choose(challenges: Challenge[], credentials: Credentials | undefined): Challenge | undefined {
  const bearer = challenges.find((challenge) => challenge.scheme === 'bearer' && challenge.params.realm !== undefined);
  if (bearer !== undefined) return bearer;
  return credentials?.kind === 'password' ? challenges.find((challenge) => challenge.scheme === 'basic') : undefined;
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

function marked(response: HttpResponse, authorization: Authorization | undefined): HttpResponse {
  return { ...response, credentialsSent: authorization?.withCredentials ?? false };
}
