/**
 * HTTPS registries with a test CA: trust through the per-registry `ca` file and through NODE_EXTRA_CA_CERTS
 * (in a child process running the CLI, as users run it), client certificates (mutual TLS), `insecure`
 * (no verification, plain HTTP for a registry that does not speak TLS, and a warning), and clear errors otherwise.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RegistryConfig } from '../src/config/types.js';
import { defaults } from '../src/defaults.js';
import { RegistryClient, RegistryError } from '../src/registry/index.js';
import { runBasepin } from './support/cli.js';
import { pushOciIndex, type Pushed } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { makeLoopbackCertificate, makeTestPki, type TestPki } from './support/tls.js';

const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

describe('RegistryClient over HTTPS with a test CA', () => {
  let dir: string;
  let pki: TestPki;
  /** A CA that did not sign the registry's certificate. */
  let otherCa: string;
  let registry: RunningRegistry;
  let mutual: RunningRegistry;
  let plain: RunningRegistry;
  let pushed: Pushed;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'basepin-tls-'));
    pki = makeTestPki(dir);
    otherCa = makeLoopbackCertificate(dir).certificate;
    registry = await startRegistry({ tls: pki.server });
    pushed = await pushOciIndex({ url: registry.url, ca: readFileSync(pki.ca, 'utf8') }, 'secure/app', '1');
    mutual = await startRegistry({ tls: { ...pki.server, clientCa: pki.ca }, sameStorageAs: registry });
    plain = await startRegistry({ sameStorageAs: registry });
  });
  after(async () => {
    await Promise.all([registry, mutual, plain].map((one) => one?.stop()));
    await rm(dir, { recursive: true, force: true });
  });

  /** Resolves `secure/app:1` at `host` with `config` as that host's settings. */
  async function resolveAt(host: string, config: RegistryConfig, log?: (line: string) => void) {
    const client = new RegistryClient({ retries: 1, registries: { [host]: config }, env: {}, log });
    try {
      return await client.resolve({ domain: host, path: 'secure/app', tag: '1', digest: null });
    } finally {
      await client.close();
    }
  }

  it('speaks HTTPS to a loopback host with a `ca` and trusts that CA', async () => {
    assert.equal((await resolveAt(registry.host, { ca: pki.ca })).digest, pushed.digest);
  });

  it('presents the configured client certificate to a registry that requires one', async () => {
    const config = { ca: pki.ca, certificate: pki.client.certificate, key: pki.client.key };
    assert.equal((await resolveAt(mutual.host, config)).digest, pushed.digest);
  });

  it('names the likely cause when the registry hangs up on a client without a certificate', async () => {
    await assert.rejects(resolveAt(mutual.host, { ca: pki.ca }), (error: unknown) => {
      assert.ok(error instanceof RegistryError);
      assert.equal(error.reason, 'unreachable');
      assert.match(
        error.message,
        new RegExp(`^cannot reach registry ${mutual.host}: .*configure \`certificate\` and \`key\``),
      );
      return true;
    });
  });

  it('skips verification for an insecure host', async () => {
    assert.equal((await resolveAt(registry.host, { insecure: true })).digest, pushed.digest);
  });

  it('falls back to plain HTTP for an insecure host that does not speak TLS, and remembers it', async () => {
    const lines: string[] = [];
    const registries = { [plain.host]: { insecure: true } };
    const client = new RegistryClient({ retries: 0, registries, env: {}, log: (line) => lines.push(line) });
    try {
      for (const tag of ['1', '1']) {
        assert.equal(
          (await client.resolve({ domain: plain.host, path: 'secure/app', tag, digest: null })).digest,
          pushed.digest,
        );
      }
    } finally {
      await client.close();
    }
    assert.deepEqual(
      lines.filter((line) => line.includes('does not speak TLS')),
      [`https://${plain.host} does not speak TLS; using http://${plain.host} (insecure: true)`],
    );
  });

  it('warns on every CLI run about each insecure registry', async () => {
    const project = await mkdtemp(join(dir, 'insecure-'));
    await writeFile(join(project, 'Dockerfile'), `FROM ${plain.host}/secure/app:1\n`);
    await writeFile(
      join(project, '.basepin.yaml'),
      JSON.stringify({ registries: { [plain.host]: { insecure: true } } }),
    );
    const { code, stdout, stderr } = await runBasepin(project, ['pin']);
    assert.equal(code, 0, stderr);
    assert.equal(
      stderr,
      `basepin: warning: registry ${plain.host} is insecure: its certificates are not verified and plain HTTP is allowed\n`,
    );
    assert.match(stdout, /1 reference: 1 unpinned; wrote 1 digest/);
  });

  it('refuses a certificate its CAs did not sign, with a hint, and does not retry', async () => {
    await assert.rejects(resolveAt(registry.host, { ca: otherCa }), (error: unknown) => {
      assert.ok(error instanceof RegistryError);
      assert.equal(error.reason, 'unreachable');
      assert.equal(error.retryable, false);
      assert.match(error.message, new RegExp(`^cannot reach registry ${registry.host}: TLS: .*configure \`ca\``));
      return true;
    });
  });

  it('names a CA file it cannot read', async () => {
    await assert.rejects(resolveAt(registry.host, { ca: join(dir, 'missing.pem') }), {
      reason: 'unreachable',
      message: `cannot read registries.${registry.host}.ca (${join(dir, 'missing.pem')}): ENOENT`,
    });
  });

  it('reads certificate files only when they are regular files, and only up to the cap', async () => {
    const large = join(dir, 'large.pem');
    await writeFile(large, Buffer.alloc(defaults.maxCertificateFileBytes + 1, 0x41));
    const cases: [RegistryConfig, string][] = [
      [
        { ca: '/dev/zero' },
        `registries.${registry.host}.ca (/dev/zero): not a regular file (a character device); basepin reads only regular files`,
      ],
      [{ ca: large }, `registries.${registry.host}.ca (${large}): larger than 1048576 bytes; basepin leaves it alone`],
      [
        { certificate: pki.client.certificate, key: '/dev/zero' },
        `registries.${registry.host}.key (/dev/zero): not a regular file (a character device); basepin reads only regular files`,
      ],
    ];
    for (const [config, message] of cases) {
      await assert.rejects(resolveAt(registry.host, config), {
        reason: 'unreachable',
        message: `cannot read ${message}`,
      });
    }
  });

  describe('NODE_EXTRA_CA_CERTS, in a child process running the CLI', () => {
    /** `basepin check --json` in a project whose Dockerfile names `tls.example/secure/app:1`, mirrored at the registry. */
    async function check(env: Record<string, string>, mirrorSettings: RegistryConfig = {}) {
      const project = await mkdtemp(join(dir, 'project-'));
      await writeFile(join(project, 'Dockerfile'), 'FROM tls.example/secure/app:1\n');
      const registries = { 'tls.example': { mirror: registry.url }, [registry.host]: mirrorSettings };
      await writeFile(join(project, '.basepin.yaml'), JSON.stringify({ registries }));
      const options = { cwd: project, env: { PATH: process.env.PATH ?? '', ...env } };
      const result = await promisify(execFile)(process.execPath, [cli, 'check', '--json'], options).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
      const { references } = JSON.parse(result.stdout) as {
        references: Array<{ current: string | null; status: string; message: string | null }>;
      };
      return { code: result.code, reference: references[0]! };
    }

    it('trusts the CA named by NODE_EXTRA_CA_CERTS', async () => {
      const { code, reference } = await check({ NODE_EXTRA_CA_CERTS: pki.ca });
      assert.equal(reference.current, pushed.digest, reference.message ?? '');
      assert.equal(reference.status, 'unpinned');
      assert.equal(code, 1);
    });

    it('still trusts it when the registry also has its own `ca`', async () => {
      const { reference } = await check({ NODE_EXTRA_CA_CERTS: pki.ca }, { ca: otherCa });
      assert.equal(reference.current, pushed.digest, reference.message ?? '');
    });

    it('refuses a NODE_EXTRA_CA_CERTS or SSL_CERT_FILE that is no regular file, naming it', async () => {
      for (const name of ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE']) {
        const { code, reference } = await check({ [name]: '/dev/zero' });
        assert.equal(reference.status, 'error');
        assert.match(reference.message ?? '', new RegExp(`cannot read the ${name} file /dev/zero: not a regular file`));
        assert.equal(code, 2);
      }
    });

    it('fails without it', async () => {
      const { code, reference } = await check({});
      assert.equal(reference.status, 'error');
      assert.match(reference.message ?? '', /TLS/);
      assert.equal(code, 2);
    });
  });
});
