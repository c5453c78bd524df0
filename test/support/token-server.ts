/**
 * A Bearer token server for tests, minting JWTs that docker-registry 2.8.2 accepts: RS256 with the
 * signing certificate in `x5c`, `aud` = service, `iss` = issuer, `access` claims. The key and self-signed
 * certificate are made with `openssl` in a temporary directory; `rootCertBundle` is the path the
 * registry's `auth.token.rootcertbundle` needs. Users with the right password (`GET` with Basic auth) or a
 * known refresh token (`POST` with the OAuth2 `refresh_token` grant, as docker sends identity tokens) get
 * what they ask for, except repositories in `deny`; anonymous callers get pull on `anonymousPull`
 * repositories only. The tokens numbered in `expired` are minted already expired (beyond the registry's
 * 60 s leeway) while claiming a normal lifetime. Every token request, and every token issued, is recorded.
 */

import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TokenServerOptions {
  /** name -> password */
  users?: Record<string, string>;
  /** refresh token -> user name */
  refreshTokens?: Record<string, string>;
  anonymousPull?: string[];
  /** Repositories no one gets any access to (the registry then answers `insufficient_scope`). */
  deny?: string[];
  expiresInSeconds?: number;
  /** Indexes (from 0, in order of issue) of the tokens to mint already expired. */
  expired?: number[];
}

export interface Access {
  type: string;
  name: string;
  actions: string[];
}

export interface TokenRequestRecord {
  /** The authenticated user, or null for an anonymous or refused request. */
  user: string | null;
  scopes: string[];
  status: 200 | 400 | 401;
  /** `GET` (Basic or anonymous) or `POST` (refresh_token grant). */
  method: string;
}

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  rootCertBundle: string;
  /** Token requests answered or refused so far, in order. */
  readonly requests: TokenRequestRecord[];
  /** Every token handed out by a request, in order. */
  readonly issued: string[];
  /** A token granting `access` directly (for pushing test images). */
  mint(access: Access[]): string;
  stop(): Promise<void>;
}

const SERVICE = 'basepin-test-registry';
const ISSUER = 'basepin-test-issuer';

export async function startTokenServer(options: TokenServerOptions = {}): Promise<TokenServer> {
  const dir = await mkdtemp(join(tmpdir(), 'basepin-token-'));
  const { key, certificate, certPath } = makeSigningKey(dir);
  const requests: TokenRequestRecord[] = [];
  const issued: string[] = [];
  const mint = (access: Access[]): string => jwt(key, certificate, access, options.expiresInSeconds ?? 300);
  const issue = (access: Access[]): string => {
    const expired = options.expired?.includes(issued.length) === true;
    const token = expired ? jwt(key, certificate, access, -300) : mint(access);
    issued.push(token);
    return token;
  };

  const server = createServer((request, response) => {
    readForm(request).then(
      (form) => {
        const record = answer(request, form, response, options, issue);
        if (record !== undefined) requests.push(record);
      },
      () => response.writeHead(400).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('token server has no address');

  return {
    realm: `http://127.0.0.1:${address.port}/token`,
    service: SERVICE,
    issuer: ISSUER,
    rootCertBundle: certPath,
    requests,
    issued,
    mint,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The form body of a POST (empty for other methods). */
async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function answer(
  request: IncomingMessage,
  form: URLSearchParams,
  response: ServerResponse,
  options: TokenServerOptions,
  issue: (access: Access[]) => string,
): TokenRequestRecord | undefined {
  const url = new URL(request.url ?? '/', 'http://token.test');
  const method = request.method ?? '';
  if (url.pathname !== '/token') {
    response.writeHead(404).end();
    return undefined;
  }
  const post = method === 'POST';
  const scopes = post
    ? (form.get('scope') ?? '').split(' ').filter((scope) => scope !== '')
    : url.searchParams.getAll('scope');
  const user = post
    ? refreshUser(form, options.refreshTokens ?? {})
    : basicUser(request.headers.authorization, options.users ?? {});
  if (user === false) {
    const status = post ? 400 : 401;
    const body = post ? '{"error":"invalid_grant"}' : '{"details":"invalid credentials"}';
    response.writeHead(status, { 'content-type': 'application/json' }).end(body);
    return { user: null, scopes, status, method };
  }
  const access = scopes.flatMap((scope) => grant(scope, user, options));
  const expiresIn = options.expiresInSeconds ?? 300;
  const token = issue(access);
  const body = post
    ? { access_token: token, expires_in: expiresIn }
    : { token, expires_in: expiresIn, issued_at: new Date().toISOString() };
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  return { user, scopes, status: 200, method };
}

/** The user a `refresh_token` grant stands for; false for an unknown token or another grant. */
function refreshUser(form: URLSearchParams, refreshTokens: Record<string, string>): string | false {
  const token = form.get('refresh_token') ?? '';
  return form.get('grant_type') === 'refresh_token' && Object.hasOwn(refreshTokens, token)
    ? refreshTokens[token]
    : false;
}

/** The user name for valid Basic credentials, null for none, false for wrong ones. */
function basicUser(header: string | undefined, users: Record<string, string>): string | null | false {
  if (header === undefined) return null;
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (match === null) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const [name, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  return colon > 0 && Object.hasOwn(users, name) && users[name] === password ? name : false;
}

/** `repository:NAME:pull,push` -> what this caller gets of it. */
function grant(scope: string, user: string | null, options: TokenServerOptions): Access[] {
  const [type, name, actions] = scope.split(':');
  if (type !== 'repository' || name === undefined || actions === undefined || options.deny?.includes(name)) return [];
  const wanted = actions.split(',');
  const anonymousPull = options.anonymousPull ?? [];
  const allowed = user !== null ? wanted : wanted.filter((action) => action === 'pull' && anonymousPull.includes(name));
  return allowed.length === 0 ? [] : [{ type, name, actions: allowed }];
}

function makeSigningKey(dir: string): { key: KeyObject; certificate: string; certPath: string } {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=basepin test token issuer',
    ],
    { stdio: 'ignore' },
  );
  const certificate = readFileSync(certPath, 'utf8').replace(/-----[^-]+-----|\s/g, '');
  return { key: createPrivateKey(readFileSync(keyPath)), certificate, certPath };
}

/** An RS256 JWT whose `x5c` header holds the base64 DER certificate (the PEM body). */
function jwt(key: KeyObject, certificate: string, access: Access[], expiresInSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'RS256', x5c: [certificate] };
  const claims = {
    iss: ISSUER,
    sub: 'basepin-test',
    aud: SERVICE,
    iat: now,
    nbf: now - 1,
    exp: now + expiresInSeconds,
    jti: randomUUID(),
    access,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), key).toString('base64url')}`;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
