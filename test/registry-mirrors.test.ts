/**
 * Mirrors (`registries.<host>.mirror`, one URL or a list): tried in order, then the host itself, like containerd's
 * `hosts.toml`; each mirror with its own settings and credentials, never the host's; files keep the original name.
 */

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RegistryConfig } from '../src/config/types.js';
import { RegistryClient, RegistryError, type ImageName } from '../src/registry/index.js';
import { runBasepin } from './support/cli.js';
import { pushDockerImage, type Pushed } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';

const USER = 'mirror-user';
const PASSWORD = 'mirror-Pa55';
const DEAD = 'http://127.0.0.1:1';

describe('registry mirrors', () => {
  let primary: RunningRegistry;
  let empty: RunningRegistry;
  let guarded: RunningRegistry;
  let pushed: Pushed;

  before(async () => {
    primary = await startRegistry();
    empty = await startRegistry();
    guarded = await startRegistry({ htpasswd: { user: USER, password: PASSWORD }, sameStorageAs: primary });
    pushed = await pushDockerImage({ url: primary.url }, 'library/nginx', '1.25');
  });
  after(() => Promise.all([primary, empty, guarded].map((one) => one?.stop())));

  /** Resolves `library/nginx:TAG` at `domain` with `registries`; returns the outcome and the log. */
  async function resolve(domain: string, tag: string, registries: Record<string, RegistryConfig>) {
    const lines: string[] = [];
    const client = new RegistryClient({ retries: 0, env: {}, registries, log: (line) => lines.push(line) });
    const ref: ImageName = { domain, path: 'library/nginx', tag, digest: null };
    try {
      const outcome = await client.resolve(ref).then(
        ({ digest }) => digest,
        (error: unknown) => error,
      );
      return { outcome, lines };
    } finally {
      await client.close();
    }
  }

  it('tries the mirrors in order: a dead first mirror, then a working second one', async () => {
    const { outcome, lines } = await resolve('mirrored.invalid:5000', '1.25', {
      'mirrored.invalid:5000': { mirror: [DEAD, primary.url] },
    });
    assert.equal(outcome, pushed.digest);
    const skipped = `mirror ${DEAD} failed: cannot reach registry 127.0.0.1:1: connect ECONNREFUSED; trying the next endpoint`;
    assert.ok(lines.includes(skipped), lines.join('\n'));
    assert.ok(!lines.some((line) => line.includes('mirrored.invalid')), 'the host itself was not asked');
  });

  it('falls back to the host itself when no mirror has the image', async () => {
    const { outcome, lines } = await resolve(primary.host, '1.25', { [primary.host]: { mirror: empty.url } });
    assert.equal(outcome, pushed.digest);
    assert.ok(
      lines.some((line) => line.startsWith(`mirror ${empty.url} failed: manifest unknown`)),
      lines.join('\n'),
    );
  });

  it("reports the host's own failure, with what the mirrors said before it", async () => {
    const { outcome } = await resolve(primary.host, 'missing', { [primary.host]: { mirror: [DEAD, empty.url] } });
    assert.ok(outcome instanceof RegistryError);
    assert.equal(outcome.reason, 'not-found');
    assert.equal(
      outcome.message,
      `manifest unknown: ${primary.host}/library/nginx:missing not found (404 MANIFEST_UNKNOWN)` +
        ` (after the mirrors failed: cannot reach registry 127.0.0.1:1: connect ECONNREFUSED;` +
        ` manifest unknown: ${primary.host}/library/nginx:missing not found via ${empty.url} (404 MANIFEST_UNKNOWN))`,
    );
  });

  it("sends a mirror its own credentials, never the host's", async () => {
    const hostOnly = { 'mirrored.invalid': { mirror: guarded.url, username: USER, password: PASSWORD } };
    const refused = await resolve('mirrored.invalid', '1.25', hostOnly);
    assert.ok(
      refused.lines.some((line) => line.includes(`needs credentials for ${guarded.host}`)),
      refused.lines.join('\n'),
    );
    const own = await resolve('mirrored.invalid', '1.25', {
      ...hostOnly,
      [guarded.host]: { username: USER, password: PASSWORD },
    });
    assert.equal(own.outcome, pushed.digest);
  });

  it("falls back past a mirror whose credentials cannot be had, and names that failure with the host's", async () => {
    const unset = { [guarded.host]: { username: USER, passwordEnv: 'BASEPIN_TEST_UNSET_MIRROR_PASSWORD' } };
    const credentialsFailure = `registries.${guarded.host}.passwordEnv: the environment variable BASEPIN_TEST_UNSET_MIRROR_PASSWORD is not set`;
    const fellBack = await resolve(primary.host, '1.25', { ...unset, [primary.host]: { mirror: guarded.url } });
    assert.equal(fellBack.outcome, pushed.digest);
    assert.ok(
      fellBack.lines.includes(`mirror ${guarded.url} failed: ${credentialsFailure}; trying the next endpoint`),
      fellBack.lines.join('\n'),
    );

    const { outcome } = await resolve(primary.host, 'missing', { ...unset, [primary.host]: { mirror: guarded.url } });
    assert.ok(outcome instanceof RegistryError);
    assert.equal(outcome.reason, 'not-found');
    assert.ok(outcome.message.endsWith(` (after the mirrors failed: ${credentialsFailure})`), outcome.message);
  });

  it('pins through a mirror while the file keeps the original name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'basepin-mirror-'));
    try {
      await writeFile(join(dir, 'Dockerfile'), 'FROM mirrored.invalid:5000/library/nginx:1.25\n');
      const registries = { 'mirrored.invalid:5000': { mirror: [DEAD, primary.url] } };
      await writeFile(join(dir, '.basepin.yaml'), JSON.stringify({ registries }));
      const { code, stderr } = await runBasepin(dir, ['pin']);
      assert.equal(code, 0, stderr);
      assert.equal(
        await readFile(join(dir, 'Dockerfile'), 'utf8'),
        `FROM mirrored.invalid:5000/library/nginx:1.25@${pushed.digest}\n`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
