/**
 * A Bearer token server for tests, minting JWTs that docker-registry 2.8.2 accepts: RS256 with the
 * signing certificate in `x5c`, `aud` = service, `iss` = issuer, `access` claims. The key and self-signed
 * certificate are made with `openssl` in a temporary directory; `rootCertBundle` is the path the
 * registry's `auth.token.rootcertbundle` needs. Users with the right password get what they ask for;
 * anonymous callers get pull on `anonymousPull` repositories only. Every token request is recorded.
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
  anonymousPull?: string[];
  expiresInSeconds?: number;
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
  status: 200 | 401;
}

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  rootCertBundle: string;
  /** Token requests answered or refused so far, in order. */
  readonly requests: TokenRequestRecord[];
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
  const mint = (access: Access[]): string => jwt(key, certificate, access, options.expiresInSeconds ?? 300);

  const server = createServer((request, response) => {
    const record = answer(request, response, options, mint);
    if (record !== undefined) requests.push(record);
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
    mint,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function answer(
  request: IncomingMessage,
  response: ServerResponse,
  options: TokenServerOptions,
  mint: (access: Access[]) => string,
): TokenRequestRecord | undefined {
  const url = new URL(request.url ?? '/', 'http://token.test');
  if (url.pathname !== '/token') {
    response.writeHead(404).end();
    return undefined;
  }
  const scopes = url.searchParams.getAll('scope');
  const user = basicUser(request.headers.authorization, options.users ?? {});
  if (user === false) {
    response.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"invalid credentials"}');
    return { user: null, scopes, status: 401 };
  }
  const access = scopes.flatMap((scope) => grant(scope, user, options.anonymousPull ?? []));
  const expiresIn = options.expiresInSeconds ?? 300;
  const body = { token: mint(access), expires_in: expiresIn, issued_at: new Date().toISOString() };
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  return { user, scopes, status: 200 };
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
function grant(scope: string, user: string | null, anonymousPull: string[]): Access[] {
  const [type, name, actions] = scope.split(':');
  if (type !== 'repository' || name === undefined || actions === undefined) return [];
  const wanted = actions.split(',');
  const allowed = user !== null ? wanted : wanted.filter((action) => action === 'pull' && anonymousPull.includes(name));
  return allowed.length === 0 ? [] : [{ type, name, actions: allowed }];
}

function makeSigningKey(dir: string): { key: KeyObject; certificate: string; certPath: string } {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath,
    '-days', '2', '-subj', '/CN=basepin test token issuer',
  ], { stdio: 'ignore' });
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
