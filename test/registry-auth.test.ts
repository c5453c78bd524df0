/**
 * Basic (htpasswd) and Bearer (token server) authentication against a real docker-registry 2.8.2: configured
 * credentials, identity tokens (the refresh_token grant), insufficient scope, expired tokens, and no credentials
 * over plain HTTP.
 */

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { RegistryConfig } from '../src/config/types.js';
import { RegistryClient, RegistryError } from '../src/registry/index.js';
import { pushDockerImage, pushOciIndex, type Pushed } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { image } from './support/registry-session.js';
import { skopeoDigest } from './support/skopeo.js';
import { startTokenServer, type TokenServer } from './support/token-server.js';

const USER = 'ci-bot';
const PASSWORD = 'pa55-W0rd-not-in-messages';

/** Asserts `error` is a RegistryError with `reason` whose message, URL and JSON carry no secret. */
function assertClean(error: unknown, reason: string, secrets: string[]): true {
  assert.ok(error instanceof RegistryError, String(error));
  assert.equal(error.reason, reason);
  const shown = `${error.message} ${error.url} ${JSON.stringify(error)} ${String(error.stack)}`;
  for (const secret of secrets) assert.ok(!shown.includes(secret), `secret leaked into: ${error.message}`);
  return true;
}

describe('Basic auth (htpasswd)', () => {
  let registry: RunningRegistry;
  let pushed: Pushed;

  before(async () => {
    registry = await startRegistry({ htpasswd: { user: USER, password: PASSWORD } });
    pushed = await pushDockerImage(
      { url: registry.url, auth: { username: USER, password: PASSWORD } },
      'private/app',
      '1',
    );
  });
  after(() => registry.stop());

  it('resolves with the configured credentials, like skopeo', async () => {
    const lines: string[] = [];
    const client = new RegistryClient({
      retries: 0,
      registries: { [registry.host]: { username: USER, password: PASSWORD } },
      log: (line) => lines.push(line),
    });
    try {
      const { digest } = await client.resolve(image(registry.host, 'private/app', '1'));
      assert.equal(digest, pushed.digest);
      assert.equal(digest, await skopeoDigest(`${registry.host}/private/app:1`, `${USER}:${PASSWORD}`));
      assert.ok(lines.length > 0);
      const basic = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
      for (const line of lines) assert.ok(!line.includes(PASSWORD) && !line.includes(basic), line);
    } finally {
      await client.close();
    }
  });

  it('is unauthorized without credentials', async () => {
    const client = new RegistryClient({ retries: 0 });
    try {
      await assert.rejects(client.resolve(image(registry.host, 'private/app', '1')), (error) => {
        assertClean(error, 'unauthorized', []);
        assert.match((error as Error).message, /needs credentials/);
        return true;
      });
    } finally {
      await client.close();
    }
  });

  it('is unauthorized with a wrong password, which never appears in the error', async () => {
    const wrong = 'wr0ng-Secret-value';
    const client = new RegistryClient({
      retries: 0,
      registries: { [registry.host]: { username: USER, password: wrong } },
    });
    try {
      await assert.rejects(client.resolve(image(registry.host, 'private/app', '1')), (error) => {
        assertClean(error, 'unauthorized', [wrong, Buffer.from(`${USER}:${wrong}`).toString('base64')]);
        assert.match((error as Error).message, /rejected the credentials/);
        return true;
      });
    } finally {
      await client.close();
    }
  });
});

describe('Bearer auth (token server)', () => {
  let tokens: TokenServer;
  let registry: RunningRegistry;
  const pushed: Record<string, Pushed> = {};

  before(async () => {
    tokens = await startTokenServer({ users: { [USER]: PASSWORD }, anonymousPull: ['public/app'] });
    registry = await startRegistry({ tokenAuth: tokens });
    const token = tokens.mint(
      ['private/app', 'public/app'].map((name) => ({ type: 'repository', name, actions: ['pull', 'push'] })),
    );
    const target = { url: registry.url, auth: { token } };
    pushed.private = await pushDockerImage(target, 'private/app', '1');
    pushed.public = await pushOciIndex(target, 'public/app', '1');
    for (let index = 0; index < 8; index++)
      pushed[`public:${index}`] = await pushDockerImage(target, 'public/app', `v${index}`);
  });
  after(async () => {
    await registry.stop();
    await tokens.stop();
  });

  /** Token requests made while `run` runs. */
  async function tokenRequestsDuring(run: () => Promise<void>) {
    const before = tokens.requests.length;
    await run();
    return tokens.requests.slice(before);
  }

  it('resolves a public repository anonymously', async () => {
    const client = new RegistryClient({ retries: 0 });
    try {
      const requests = await tokenRequestsDuring(async () => {
        assert.equal((await client.resolve(image(registry.host, 'public/app', '1'))).digest, pushed.public.digest);
      });
      assert.deepEqual(requests, [{ user: null, scopes: ['repository:public/app:pull'], status: 200, method: 'GET' }]);
    } finally {
      await client.close();
    }
  });

  it('refuses a private repository anonymously and resolves it with credentials', async () => {
    const anonymous = new RegistryClient({ retries: 0 });
    const lines: string[] = [];
    const authenticated = new RegistryClient({
      retries: 0,
      registries: { [registry.host]: { username: USER, password: PASSWORD } },
      log: (line) => lines.push(line),
    });
    try {
      await assert.rejects(anonymous.resolve(image(registry.host, 'private/app', '1')), (error) =>
        assertClean(error, 'unauthorized', []),
      );
      const requests = await tokenRequestsDuring(async () => {
        assert.equal(
          (await authenticated.resolve(image(registry.host, 'private/app', '1'))).digest,
          pushed.private.digest,
        );
      });
      assert.deepEqual(requests, [{ user: USER, scopes: ['repository:private/app:pull'], status: 200, method: 'GET' }]);
      for (const line of lines) assert.ok(!line.includes(PASSWORD) && !/Bearer|eyJ/.test(line), line);
    } finally {
      await anonymous.close();
      await authenticated.close();
    }
  });

  it('reports credentials the token server rejects as unauthorized, without the password', async () => {
    const wrong = 'not-the-Password-123';
    const client = new RegistryClient({
      retries: 0,
      registries: { [registry.host]: { username: USER, password: wrong } },
    });
    try {
      await assert.rejects(client.resolve(image(registry.host, 'private/app', '1')), (error) => {
        assertClean(error, 'unauthorized', [wrong, Buffer.from(`${USER}:${wrong}`).toString('base64')]);
        assert.match((error as Error).message, /token server .* rejected the credentials/);
        return true;
      });
    } finally {
      await client.close();
    }
  });

  it('fetches one token for many concurrent lookups of one repository', async () => {
    const client = new RegistryClient({ retries: 0 });
    try {
      const tags = Array.from({ length: 8 }, (_, index) => index);
      const requests = await tokenRequestsDuring(async () => {
        const resolved = await Promise.all(
          tags.map((index) => client.resolve(image(registry.host, 'public/app', `v${index}`))),
        );
        assert.deepEqual(
          resolved.map(({ digest }) => digest),
          tags.map((index) => pushed[`public:${index}`].digest),
        );
      });
      assert.equal(requests.length, 1);
    } finally {
      await client.close();
    }
  });
});

describe('Bearer token expiry', () => {
  let tokens: TokenServer;
  let registry: RunningRegistry;
  let pushed: Pushed;

  before(async () => {
    tokens = await startTokenServer({ anonymousPull: ['public/app'], expiresInSeconds: 2 });
    registry = await startRegistry({ tokenAuth: tokens });
    const token = tokens.mint([{ type: 'repository', name: 'public/app', actions: ['pull', 'push'] }]);
    pushed = await pushDockerImage({ url: registry.url, auth: { token } }, 'public/app', '1');
  });
  after(async () => {
    await registry.stop();
    await tokens.stop();
  });

  it('reuses a token while it is fresh and fetches a new one before it expires', async () => {
    const client = new RegistryClient({ retries: 0 });
    try {
      const resolve = async () =>
        assert.equal((await client.resolve(image(registry.host, 'public/app', '1'))).digest, pushed.digest);
      await resolve();
      await resolve();
      assert.equal(tokens.requests.length, 1);
      await sleep(1100);
      await resolve();
      assert.equal(tokens.requests.length, 2);
    } finally {
      await client.close();
    }
  });
});

describe('Bearer auth with identity tokens, scopes and expiry', () => {
  const REFRESH = 'identity-Refresh-token-42';
  let tokens: TokenServer;
  let registry: RunningRegistry;
  let pushed: Pushed;
  let other: Pushed;

  before(async () => {
    tokens = await startTokenServer({ refreshTokens: { [REFRESH]: USER }, deny: ['secret/app'], expired: [1] });
    registry = await startRegistry({ tokenAuth: tokens });
    const names = ['private/app', 'private/other', 'secret/app'];
    const token = tokens.mint(names.map((name) => ({ type: 'repository', name, actions: ['pull', 'push'] })));
    pushed = await pushDockerImage({ url: registry.url, auth: { token } }, 'private/app', '1');
    other = await pushDockerImage({ url: registry.url, auth: { token } }, 'private/other', '1');
    await pushDockerImage({ url: registry.url, auth: { token } }, 'secret/app', '1');
    tokens.issued.length = 0;
    tokens.requests.length = 0;
  });
  after(async () => {
    await registry.stop();
    await tokens.stop();
  });

  /** A client whose only credentials for the registry are the identity token, from a docker config.json. */
  async function withIdentityToken(test: (client: RegistryClient) => Promise<void>): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'basepin-identity-'));
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { auth: '', identitytoken: REFRESH } } }),
    );
    const client = new RegistryClient({ retries: 0, env: { DOCKER_CONFIG: dir } });
    try {
      await test(client);
    } finally {
      await client.close();
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('exchanges the identity token with the refresh_token grant (POST), and replaces a token the registry finds expired', async () => {
    await withIdentityToken(async (client) => {
      assert.equal((await client.resolve(image(registry.host, 'private/app', '1'))).digest, pushed.digest);
      assert.equal((await client.resolve(image(registry.host, 'private/other', '1'))).digest, other.digest);
      assert.equal((await client.resolve(image(registry.host, 'private/other', '1'))).digest, other.digest);
    });
    const grant = (name: string) => ({ user: USER, scopes: [`repository:${name}:pull`], status: 200, method: 'POST' });
    // The second token was minted expired: the registry refused it, and one new token served both later lookups.
    assert.deepEqual(tokens.requests, [grant('private/app'), grant('private/other'), grant('private/other')]);
  });

  it('reports a token without the scope asked for as denied', async () => {
    await withIdentityToken(async (client) => {
      await assert.rejects(client.resolve(image(registry.host, 'secret/app', '1')), (error) => {
        assertClean(error, 'denied', [REFRESH, ...tokens.issued]);
        assert.match(
          (error as Error).message,
          /^denied: the credentials for .* do not grant pull access to .*secret\/app:1 \(401\)$/,
        );
        return true;
      });
    });
  });

  it('reports an identity token the token server refuses, without the token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'basepin-identity-'));
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { identitytoken: 'revoked-Token' } } }),
    );
    const client = new RegistryClient({ retries: 0, env: { DOCKER_CONFIG: dir } });
    try {
      await assert.rejects(client.resolve(image(registry.host, 'private/app', '1')), (error) => {
        assertClean(error, 'unauthorized', ['revoked-Token']);
        assert.match((error as Error).message, /token server .* rejected the credentials/);
        return true;
      });
    } finally {
      await client.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a token realm over plain HTTP on another host', () => {
  let tokens: TokenServer;
  let registry: RunningRegistry;

  before(async () => {
    tokens = await startTokenServer();
    registry = await startRegistry({ tokenAuth: { ...tokens, realm: 'http://tokens.test:1/token' } });
  });
  after(async () => {
    await registry.stop();
    await tokens.stop();
  });

  it('gets no credentials, unless that host is configured insecure', async () => {
    const resolveWith = async (registries: Record<string, RegistryConfig>) => {
      const client = new RegistryClient({ retries: 0, env: {}, registries });
      try {
        return await client
          .resolve(image(registry.host, 'private/app', '1'))
          .then(String, (error: Error) => error.message);
      } finally {
        await client.close();
      }
    };
    const credentials = { [registry.host]: { username: USER, password: PASSWORD } };
    assert.equal(
      await resolveWith(credentials),
      `refusing to send the credentials for ${registry.host} to http://tokens.test:1 over plain HTTP` +
        ' (configure `insecure: true` for tokens.test:1 to allow it)',
    );
    // Anonymously, or once allowed, the request is made (and fails: the name does not resolve).
    assert.match(await resolveWith({}), /^cannot reach registry tokens\.test:1: getaddrinfo ENOTFOUND/);
    assert.match(await resolveWith({ ...credentials, 'tokens.test:1': { insecure: true } }), /getaddrinfo ENOTFOUND/);
  });
});
