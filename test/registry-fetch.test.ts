/**
 * `fetchManifest` and `fetchBlob` against a real docker-registry 2.8.2, with skopeo as the oracle for the exact
 * bytes, and a proxy that redirects blob downloads to another origin or alters their bytes.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegistryClient, RegistryError } from '../src/registry/index.js';
import { sha256 } from './support/image.js';
import { startHttpProxy } from './support/http-proxy.js';
import { MANIFEST_KINDS, pushDockerImage, pushOciImage } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { image, useRegistrySession } from './support/registry-session.js';
import { skopeoDigest } from './support/skopeo.js';
import { skopeoRaw } from './support/skopeo-raw.js';

const USER = 'puller';
const PASSWORD = 'fetch-Pa55word';

/** The config and layer descriptors of an image manifest. */
function descriptors(bytes: Buffer): { config: { digest: string }; layers: Array<{ digest: string; size: number }> } {
  return JSON.parse(bytes.toString('utf8')) as ReturnType<typeof descriptors>;
}

describe('fetchManifest and fetchBlob against a real registry', () => {
  const session = useRegistrySession();

  for (const { kind, push, mediaType } of MANIFEST_KINDS) {
    it(`fetches a ${kind} by tag and by digest, with the bytes and digest skopeo sees`, async () => {
      const tag = kind.replace(/\W+/g, '-').toLowerCase();
      const pushed = await push(session.target, 'fetch/app', tag);
      const name = `${session.registry.host}/fetch/app:${tag}`;
      const byTag = await session.client.fetchManifest(image(session.registry.host, 'fetch/app', tag));
      assert.equal(byTag.digest, pushed.digest);
      assert.equal(byTag.digest, await skopeoDigest(name));
      assert.equal(byTag.mediaType, mediaType);
      assert.ok(byTag.bytes.equals(await skopeoRaw(name)), 'the exact bytes skopeo reads');
      assert.equal(sha256(byTag.bytes), byTag.digest);
      const byDigest = await session.client.fetchManifest(
        image(session.registry.host, 'fetch/app', tag, pushed.digest),
      );
      assert.deepEqual(byDigest, byTag);
    });
  }

  it('fetches the config blob skopeo sees and a layer, each verified by its digest', async () => {
    await pushOciImage(session.target, 'blobs/app', '1');
    const ref = image(session.registry.host, 'blobs/app', '1');
    const { config, layers } = descriptors((await session.client.fetchManifest(ref)).bytes);
    const configBytes = await session.client.fetchBlob(ref, config.digest);
    assert.ok(configBytes.equals(await skopeoRaw(`${session.registry.host}/blobs/app:1`, 'config')));
    const layer = await session.client.fetchBlob(ref, layers[0].digest);
    assert.equal(layer.length, layers[0].size);
    assert.equal(sha256(layer), layers[0].digest);
  });

  it('refuses a blob larger than maxBytes', async () => {
    await pushDockerImage(session.target, 'blobs/big', '1');
    const ref = image(session.registry.host, 'blobs/big', '1');
    const { layers } = descriptors((await session.client.fetchManifest(ref)).bytes);
    await assert.rejects(session.client.fetchBlob(ref, layers[0].digest, { maxBytes: 16 }), {
      reason: 'protocol',
      message: /is larger than 16 bytes$/,
    });
  });

  it('reports a missing blob and a missing manifest digest as not-found', async () => {
    const missing = `sha256:${'1'.repeat(64)}`;
    await pushDockerImage(session.target, 'blobs/app', '2');
    await assert.rejects(session.client.fetchBlob(image(session.registry.host, 'blobs/app', '2'), missing), {
      reason: 'not-found',
      message: `blob unknown: ${session.registry.host}/blobs/app@${missing} not found (404 BLOB_UNKNOWN)`,
    });
    await assert.rejects(session.client.fetchManifest(image(session.registry.host, 'blobs/app', '2', missing)), {
      reason: 'not-found',
    });
    await assert.rejects(
      session.client.fetchBlob(image(session.registry.host, 'blobs/app', '2'), 'sha256:nope'),
      TypeError,
    );
  });
});

describe('fetchBlob through redirects and altered bytes', () => {
  let registry: RunningRegistry;
  const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

  before(async () => {
    registry = await startRegistry({ htpasswd: { user: USER, password: PASSWORD } });
    await pushOciImage({ url: registry.url, auth: { username: USER, password: PASSWORD } }, 'private/app', '1');
  });
  after(() => registry.stop());

  async function withProxy(
    options: { redirect?: boolean; tamper?: boolean },
    test: (client: RegistryClient, host: string) => Promise<void>,
  ) {
    const proxy = await startHttpProxy({
      target: registry.url,
      redirectBlobs: options.redirect === true ? { authorization: basic } : undefined,
      tamperBlobs: options.tamper,
    });
    const client = new RegistryClient({
      retries: 0,
      registries: { [proxy.host]: { username: USER, password: PASSWORD } },
    });
    try {
      await test(client, proxy.host);
      return proxy.requests;
    } finally {
      await client.close();
      await proxy.stop();
    }
  }

  it('follows a redirect to another origin without sending Authorization there', async () => {
    let layer = '';
    const requests = await withProxy({ redirect: true }, async (client, host) => {
      const ref = image(host, 'private/app', '1');
      layer = descriptors((await client.fetchManifest(ref)).bytes).layers[0].digest;
      assert.equal(sha256(await client.fetchBlob(ref, layer)), layer);
    });
    const blob = requests.filter((request) => request.path.endsWith(layer));
    assert.deepEqual(
      blob.map(({ host, authorization }) => [host?.replace(/:\d+$/, ''), authorization]),
      [
        ['127.0.0.1', true],
        ['localhost', false],
      ],
    );
  });

  it('rejects a blob whose bytes do not match its digest', async () => {
    await withProxy({ tamper: true }, async (client, host) => {
      const ref = image(host, 'private/app', '1');
      const { config } = descriptors((await client.fetchManifest(ref)).bytes);
      await assert.rejects(client.fetchBlob(ref, config.digest), (error: unknown) => {
        assert.ok(error instanceof RegistryError);
        assert.equal(error.reason, 'protocol');
        assert.match(
          error.message,
          new RegExp(`answered ${host}/private/app@${config.digest} with bytes of digest sha256:`),
        );
        return true;
      });
    });
  });
});
