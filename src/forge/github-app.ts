/**
 * GitHub App installation tokens: an app (its id and private key) signs a short JWT (RS256), finds the
 * installation that covers a repository (`GET /repos/OWNER/NAME/installation`), and exchanges the JWT for an
 * installation token (`POST /app/installations/ID/access_tokens`), which acts for the installation and has the
 * installation's own rate limits, higher than a user's. Tokens are kept until shortly before they expire (an hour).
 */

import { createSign } from 'node:crypto';
import { defaults } from '../defaults.js';
import { ForgeError } from './errors.js';
import { callApi } from './http.js';
import type { ForgeTransport } from './transport.js';

export interface GitHubApp {
  /** The app's id (a number, as text), or its client id. */
  id: string;
  /** The app's private key, PEM. */
  privateKey: string;
}

/** The app from `env` (`BASEPIN_GITHUB_APP_ID` and `BASEPIN_GITHUB_APP_PRIVATE_KEY`), when both are set. */
export function gitHubAppFrom(env: Record<string, string | undefined>): GitHubApp | undefined {
  const id = env[defaults.forge.appIdEnv];
  const privateKey = env[defaults.forge.appKeyEnv];
  return id && privateKey ? { id, privateKey } : undefined;
}

/** The JWT an app authenticates with: issued a minute ago (clock drift), valid for nine minutes. */
export function appJwt(app: GitHubApp, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iat: now - 60, exp: now + 540, iss: app.id })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(app.privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

interface Cached {
  token: string;
  expiresAt: number;
}

/** Installation tokens of one app on one API, per repository owner; shared by every client of the process. */
export class AppTokens {
  private readonly installations = new Map<string, Promise<number>>();
  private readonly tokens = new Map<number, Promise<Cached>>();

  constructor(
    private readonly api: string,
    private readonly app: GitHubApp,
    private readonly transport: ForgeTransport,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token of the installation covering `project` (`owner/name`). Throws ForgeError. */
  async tokenFor(project: string): Promise<string> {
    const owner = project.split('/')[0]!;
    let installation = this.installations.get(owner);
    if (installation === undefined) {
      installation = this.call<{ id: number }>(
        'GET',
        `/repos/${project.split('/').map(encodeURIComponent).join('/')}/installation`,
      ).then((answer) => answer.id);
      installation.catch(() => this.installations.delete(owner));
      this.installations.set(owner, installation);
    }
    const id = await installation;
    const entry = this.tokens.get(id);
    if (entry !== undefined) {
      const held = await entry.catch(() => undefined);
      if (held !== undefined && held.expiresAt - defaults.forge.appTokenMarginMs > this.now()) return held.token;
      if (this.tokens.has(id) && this.tokens.get(id) !== entry) return this.tokenFor(project); // refreshed meanwhile
    }
    const fresh = this.call<{ token: string; expires_at: string }>(
      'POST',
      `/app/installations/${id}/access_tokens`,
    ).then((answer) => {
      const expiresAt = Date.parse(answer.expires_at);
      if (typeof answer.token !== 'string' || !Number.isFinite(expiresAt)) {
        throw new ForgeError(
          'GitHub API answered an installation token without token or expires_at',
          'POST',
          `${this.api}/app/installations/${id}/access_tokens`,
        );
      }
      return { token: answer.token, expiresAt };
    });
    fresh.catch(() => this.tokens.delete(id));
    this.tokens.set(id, fresh);
    return (await fresh).token;
  }

  private call<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    const headers = {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${appJwt(this.app, this.now())}`,
      'x-github-api-version': '2022-11-28',
    };
    return callApi<T>(this.transport, 'GitHub', {
      method,
      url: `${this.api}${path}`,
      headers,
      ...(method === 'POST' ? { body: {} } : {}),
    });
  }
}
