/** The registry client against a real docker-registry 2.8.2, with skopeo as the independent oracle. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegistryClient, RegistryError } from '../src/registry/index.js';
import { MANIFEST_KINDS, pushDockerImage, pushDockerManifestList, pushOciIndex, repushTag } from './support/push.js';
import { image, useRegistrySession } from './support/registry-session.js';
import { skopeoDigest } from './support/skopeo.js';
import { startTcpProxy } from './support/tcp-proxy.js';

describe('RegistryClient against a real registry', () => {
  const session = useRegistrySession();

  for (const { kind, push, mediaType } of MANIFEST_KINDS) {
    it(`resolves a ${kind} to the digest skopeo sees`, async () => {
      const tag = kind.replace(/\W+/g, '-').toLowerCase();
      const pushed = await push(session.target, 'kinds/app', tag);
      const resolved = await session.client.resolve(image(session.registry.host, 'kinds/app', tag));
      assert.deepEqual(resolved, { digest: pushed.digest, mediaType });
      assert.equal(resolved.digest, await skopeoDigest(`${session.registry.host}/kinds/app:${tag}`));
    });
  }

  it('resolves a manifest list to the list digest, not the linux/amd64 child', async () => {
    const pushed = await pushDockerManifestList(session.target, 'multi/app', '1');
    const amd64 = pushed.children.find((child) => child.platform.architecture === 'amd64');
    assert.ok(amd64);
    const { digest } = await session.client.resolve(image(session.registry.host, 'multi/app', '1'));
    assert.equal(digest, pushed.digest);
    assert.notEqual(digest, amd64.digest);
  });

  it('follows a tag that was re-pushed with other content', async () => {
    const first = await pushDockerImage(session.target, 'moving/app', 'stable');
    assert.equal(
      (await session.client.resolve(image(session.registry.host, 'moving/app', 'stable'))).digest,
      first.digest,
    );
    const second = await repushTag(session.target, 'moving/app', 'stable');
    assert.notEqual(second.digest, first.digest);
    assert.equal(
      (await session.client.resolve(image(session.registry.host, 'moving/app', 'stable'))).digest,
      second.digest,
    );
    assert.equal(await skopeoDigest(`${session.registry.host}/moving/app:stable`), second.digest);
  });

  it('checks a digest-only reference and returns its digest and media type', async () => {
    const pushed = await pushOciIndex(session.target, 'bydigest/app', 'v1');
    const resolved = await session.client.resolve(image(session.registry.host, 'bydigest/app', null, pushed.digest));
    assert.deepEqual(resolved, { digest: pushed.digest, mediaType: 'application/vnd.oci.image.index.v1+json' });
  });

  it('reports an unknown tag as not-found with the registry code', async () => {
    await pushDockerImage(session.target, 'app', '1');
    await assert.rejects(session.client.resolve(image(session.registry.host, 'app', '9')), (error: unknown) => {
      assert.ok(error instanceof RegistryError);
      assert.equal(error.reason, 'not-found');
      assert.equal(error.status, 404);
      assert.deepEqual(error.codes, ['MANIFEST_UNKNOWN']);
      assert.equal(error.retryable, false);
      assert.equal(error.message, `manifest unknown: ${session.registry.host}/app:9 not found (404 MANIFEST_UNKNOWN)`);
      assert.equal(error.url, `${session.registry.url}/v2/app/manifests/9`);
      return true;
    });
  });

  it('reports an unknown digest as not-found', async () => {
    const missing = `sha256:${'0'.repeat(64)}`;
    await assert.rejects(session.client.resolve(image(session.registry.host, 'app', null, missing)), {
      reason: 'not-found',
    });
  });

  it('reports a closed port as unreachable', async () => {
    await assert.rejects(session.client.resolve(image('127.0.0.1:1', 'app', '1')), (error: unknown) => {
      assert.ok(error instanceof RegistryError);
      assert.equal(error.reason, 'unreachable');
      assert.equal(error.retryable, true);
      assert.equal(error.message, 'cannot reach registry 127.0.0.1:1: connect ECONNREFUSED');
      return true;
    });
  });

  it('reuses keep-alive connections: 20 lookups open at most concurrencyPerRegistry connections', async () => {
    const tags = Array.from({ length: 20 }, (_, index) => `t${index}`);
    const pushed = await Promise.all(tags.map((tag) => pushDockerImage(session.target, 'many/app', tag)));
    const proxy = await startTcpProxy({ target: session.registry.host });
    const pooled = new RegistryClient({ retries: 0, concurrencyPerRegistry: 3 });
    try {
      const resolved = await Promise.all(tags.map((tag) => pooled.resolve(image(proxy.host, 'many/app', tag))));
      assert.deepEqual(
        resolved.map(({ digest }) => digest),
        pushed.map(({ digest }) => digest),
      );
      assert.ok(proxy.connections >= 1 && proxy.connections <= 3, `${proxy.connections} connections`);
    } finally {
      await pooled.close();
      await proxy.stop();
    }
  });

  it('retries connections the registry side resets, within the retry budget', async () => {
    const pushed = await pushDockerImage(session.target, 'flaky/app', '1');
    const proxy = await startTcpProxy({ target: session.registry.host, resetFirst: 2 });
    const lines: string[] = [];
    const patient = new RegistryClient({ retries: 2, log: (line) => lines.push(line) });
    const impatient = new RegistryClient({ retries: 0 });
    try {
      assert.equal((await patient.resolve(image(proxy.host, 'flaky/app', '1'))).digest, pushed.digest);
      assert.equal(lines.filter((line) => line.startsWith('retrying')).length, 2);
      assert.equal(proxy.connections, 3);
      const again = await startTcpProxy({ target: session.registry.host, resetFirst: 1 });
      try {
        await assert.rejects(impatient.resolve(image(again.host, 'flaky/app', '1')), {
          reason: 'unreachable',
          retryable: true,
        });
      } finally {
        await again.stop();
      }
    } finally {
      await patient.close();
      await impatient.close();
      await proxy.stop();
    }
  });
});
