/**
 * `CredentialStore` with real files and real credential helpers (shell scripts on PATH implementing the helper
 * protocol's `get`): the lookup order, helpers run once per host and only when asked, failures named without
 * any secret, and `passwordEnv`.
 */

import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RegistryConfig } from '../src/config/types.js';
import { CredentialStore, CredentialsError } from '../src/credentials/index.js';
import { writeCredentialHelper, type HelperOptions } from './support/credential-helper.js';

const base64 = (text: string) => Buffer.from(text).toString('base64');
const HUB = 'https://index.docker.io/v1/';

describe('CredentialStore', () => {
  let dir: string;
  let cases = 0;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'basepin-credentials-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  interface Setup {
    dockerConfig?: object | string;
    containersAuth?: object;
    helpers?: Record<string, HelperOptions>;
    registries?: Record<string, RegistryConfig>;
    env?: Record<string, string>;
    helperTimeoutMs?: number;
  }

  /** A store over a fresh directory with the given files and helpers; returns it with the helpers' call logs. */
  async function storeWith(setup: Setup) {
    const root = join(dir, String(++cases));
    await mkdir(join(root, 'bin'), { recursive: true });
    const env: Record<string, string> = { PATH: `${join(root, 'bin')}:${process.env.PATH ?? ''}`, ...setup.env };
    if (setup.dockerConfig !== undefined) {
      const text = typeof setup.dockerConfig === 'string' ? setup.dockerConfig : JSON.stringify(setup.dockerConfig);
      await writeFile(join(root, 'config.json'), text);
      env.DOCKER_CONFIG = root;
    }
    if (setup.containersAuth !== undefined) {
      await writeFile(join(root, 'auth.json'), JSON.stringify(setup.containersAuth));
      env.REGISTRY_AUTH_FILE = join(root, 'auth.json');
    }
    const helpers = Object.fromEntries(
      await Promise.all(
        Object.entries(setup.helpers ?? {}).map(async ([name, options]) => {
          return [name, await writeCredentialHelper(join(root, 'bin'), name, options)] as const;
        }),
      ),
    );
    const lines: string[] = [];
    const store = new CredentialStore({
      registries: setup.registries ?? {},
      env,
      helperTimeoutMs: setup.helperTimeoutMs ?? 10_000,
      log: (line) => lines.push(line),
    });
    return { store, helpers, lines, root };
  }

  it('looks in basepin configuration, then docker config.json, then the containers auth file', async () => {
    const { store, lines, root } = await storeWith({
      registries: { 'a.io': { username: 'config', password: 'from-config' } },
      dockerConfig: { auths: { 'a.io': { auth: base64('docker:a') }, 'b.io': { auth: base64('docker:b') } } },
      containersAuth: { auths: { 'b.io': { auth: base64('podman:b') }, 'c.io': { auth: base64('podman:c') } } },
    });
    const user = async (host: string) => {
      const found = await store.credentialsFor(host);
      return found === undefined ? undefined : found.credentials.username;
    };
    const users = [await user('a.io'), await user('b.io'), await user('c.io'), await user('d.io')];
    assert.deepEqual(users, ['config', 'docker', 'podman', undefined]);
    assert.deepEqual(lines.slice(2), [
      `c.io: credentials from ${join(root, 'auth.json')}`,
      'd.io: no credentials, anonymous access',
    ]);
  });

  it('runs a credHelpers helper once per host, however many lookups run at once, and only for hosts asked', async () => {
    const { store, helpers } = await storeWith({
      dockerConfig: { credHelpers: { 'one.io': 'basepintest', 'two.io': 'basepintest' } },
      helpers: { basepintest: { credentials: { 'one.io': { Username: 'robot', Secret: 'helper-Secret-1' } } } },
    });
    const found = await Promise.all(Array.from({ length: 6 }, () => store.credentialsFor('one.io')));
    for (const one of found)
      assert.deepEqual(one?.credentials, { kind: 'password', username: 'robot', password: 'helper-Secret-1' });
    assert.match(found[0]?.source ?? '', /^docker-credential-basepintest \(/);
    await store.credentialsFor('one.io');
    assert.deepEqual(await helpers.basepintest.calls(), ['one.io']);
  });

  it("asks the credsStore helper for Docker Hub by the docker CLI's URL, and reads <token> as an identity token", async () => {
    const { store, helpers } = await storeWith({
      dockerConfig: { auths: { [HUB]: {} }, credsStore: 'basepinstore' },
      helpers: { basepinstore: { credentials: { [HUB]: { Username: '<token>', Secret: 'refresh-Token-9' } } } },
    });
    const found = await store.credentialsFor('docker.io');
    assert.deepEqual(found?.credentials, { kind: 'identity-token', username: '', identityToken: 'refresh-Token-9' });
    assert.deepEqual(await helpers.basepinstore.calls(), [HUB]);
  });

  it('lets the next file answer when a helper has no credentials for the host', async () => {
    const { store, helpers } = await storeWith({
      dockerConfig: { credsStore: 'empty' },
      helpers: { empty: { credentials: {} } },
      containersAuth: { auths: { 'ghcr.io': { auth: base64('podman:pw') } } },
    });
    assert.equal((await store.credentialsFor('ghcr.io'))?.credentials.username, 'podman');
    assert.deepEqual(await helpers.empty.calls(), ['ghcr.io']);
  });

  it('names a failing, missing or hanging helper, with what a failing one said', async () => {
    const failing = await storeWith({
      dockerConfig: { credsStore: 'broken' },
      helpers: { broken: { credentials: {}, fail: { status: 3, message: 'reauthentication required' } } },
    });
    await assert.rejects(failing.store.credentialsFor('x.io'), (error: unknown) => {
      assert.ok(error instanceof CredentialsError);
      assert.equal(
        error.message,
        'credential helper docker-credential-broken failed for x.io (exit status 3): reauthentication required',
      );
      return true;
    });
    const missing = await storeWith({ dockerConfig: { credHelpers: { 'x.io': 'nowhere' } } });
    await assert.rejects(missing.store.credentialsFor('x.io'), {
      message: 'credential helper docker-credential-nowhere could not run: not found on PATH',
    });
    const hanging = await storeWith({
      dockerConfig: { credsStore: 'slow' },
      helpers: { slow: { credentials: {}, delaySeconds: 5 } },
      helperTimeoutMs: 300,
    });
    const started = Date.now();
    await assert.rejects(hanging.store.credentialsFor('x.io'), {
      message: 'credential helper docker-credential-slow could not run: no answer within 300 ms',
    });
    assert.ok(Date.now() - started < 3000, 'stopped at the timeout');
  });

  it("quotes a failing helper's first stderr line (else stdout), capped, and never its JSON answer", async () => {
    /** A helper that fails (exit 1) after running the shell `body`. */
    const failingWith = async (body: string) => {
      const setup = await storeWith({ dockerConfig: { credsStore: 'failing' } });
      const script = join(setup.root, 'bin', 'docker-credential-failing');
      await writeFile(script, `#!/bin/sh\ncat >/dev/null\n${body}\nexit 1\n`);
      await chmod(script, 0o755);
      return setup.store.credentialsFor('x.io').then(
        () => assert.fail('the helper failed'),
        (error: Error) => error.message,
      );
    };
    const prefix = 'credential helper docker-credential-failing failed for x.io (exit status 1)';

    const stderrFirst = await failingWith(
      "echo 'on stdout'; printf '\\n  error: reauthentication required\\nsecond line\\n' >&2",
    );
    assert.equal(stderrFirst, `${prefix}: error: reauthentication required`);

    const long = await failingWith(`printf '%0500d' 0 >&2`);
    assert.equal(long, `${prefix}: ${'0'.repeat(200)}…`);

    const payload = JSON.stringify({ ServerURL: 'x.io', Username: 'robot', Secret: 'Leaky-Secret-3' });
    const answer = await failingWith(`printf '%s' '${payload}'`);
    assert.equal(answer, prefix, 'the JSON answer of a helper that then fails is not quoted');
    const pretty = await failingWith(`printf '{\\n  "Username": "robot",\\n  "Secret": "Leaky-Secret-4"\\n}\\n' >&2`);
    assert.equal(pretty, prefix);
  });

  it('reads passwordEnv from the environment, and names an unset variable', async () => {
    const registries = { 'x.io': { username: 'ci', passwordEnv: 'X_IO_PASSWORD' } };
    const set = await storeWith({ registries, env: { X_IO_PASSWORD: 'env-Pa55' } });
    assert.deepEqual((await set.store.credentialsFor('x.io'))?.credentials, {
      kind: 'password',
      username: 'ci',
      password: 'env-Pa55',
    });
    const unset = await storeWith({ registries });
    await assert.rejects(unset.store.credentialsFor('x.io'), {
      name: 'CredentialsError',
      message: 'registries.x.io.passwordEnv: the environment variable X_IO_PASSWORD is not set',
    });
  });

  it('names an auth file that is not JSON, or holds a broken entry, without quoting it', async () => {
    const broken = await storeWith({ dockerConfig: '{"auths": {"x.io": {"password": "Leaky-1"}' });
    await assert.rejects(broken.store.credentialsFor('x.io'), (error: unknown) => {
      assert.ok(error instanceof CredentialsError);
      assert.equal(error.message, `cannot use ${join(broken.root, 'config.json')}: not valid JSON`);
      return true;
    });
    const entry = await storeWith({ dockerConfig: { auths: { 'x.io': { auth: 'Leaky-2!' } } } });
    await assert.rejects(entry.store.credentialsFor('x.io'), {
      name: 'CredentialsError',
      message: `cannot use ${join(entry.root, 'config.json')}: auths.x.io.auth is not base64 of user:password`,
    });
  });
});
