/** HTTPS registries with a private CA: per-registry `ca`, `insecure`, and a clear error without them. */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RegistryConfig } from '../src/config/types.js';
import { RegistryClient, RegistryError } from '../src/registry/index.js';
import { pushOciIndex, type Pushed } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { makeLoopbackCertificate, type CertificateFiles } from './support/tls.js';

/**
 * Loopback hosts are always spoken to over plain HTTP, so the HTTPS registry is reached as the mirror of
 * a non-loopback name; the mirror host's own entry carries `ca` or `insecure`.
 */
describe('RegistryClient over HTTPS with a private CA', () => {
  let dir: string;
  let files: CertificateFiles;
  let registry: RunningRegistry;
  let pushed: Pushed;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'basepin-tls-'));
    files = makeLoopbackCertificate(dir);
    registry = await startRegistry({ tls: files });
    pushed = await pushOciIndex({ url: registry.url, ca: readFileSync(files.certificate, 'utf8') }, 'secure/app', '1');
  });
  after(async () => {
    await registry.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function resolveWith(mirrorHost: RegistryConfig) {
    const client = new RegistryClient({
      retries: 1,
      registries: { 'secure.invalid': { mirror: registry.url }, [registry.host]: mirrorHost },
    });
    try {
      return await client.resolve({ domain: 'secure.invalid', path: 'secure/app', tag: '1', digest: null });
    } finally {
      await client.close();
    }
  }

  it('trusts the configured CA file', async () => {
    assert.equal((await resolveWith({ ca: files.certificate })).digest, pushed.digest);
  });

  it('skips verification for an insecure registry', async () => {
    assert.equal((await resolveWith({ insecure: true })).digest, pushed.digest);
  });

  it('refuses an untrusted certificate with a hint, and does not retry', async () => {
    await assert.rejects(resolveWith({}), (error: unknown) => {
      assert.ok(error instanceof RegistryError);
      assert.equal(error.reason, 'unreachable');
      assert.equal(error.retryable, false);
      assert.match(error.message, /^cannot reach registry 127\.0\.0\.1:\d+: TLS: self[- ]signed certificate .*configure `ca`/);
      return true;
    });
  });

  it('names a CA file it cannot read', async () => {
    await assert.rejects(resolveWith({ ca: join(dir, 'missing.pem') }), {
      reason: 'unreachable',
      message: `cannot read the CA file ${join(dir, 'missing.pem')} configured for ${registry.host}: ENOENT`,
    });
  });
});
