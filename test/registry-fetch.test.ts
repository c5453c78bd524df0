/**
 * `fetchManifest` and `fetchBlob` against a real docker-registry 2.8.2, with skopeo as the oracle for the exact
 * bytes, and a proxy that redirects blob downloads to another origin or alters their bytes.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegistryClient, RegistryError, type ImageName } from '../src/registry/index.js';
import { sha256 } from './support/image.js';
import { startHttpProxy } from './support/http-proxy.js';
import { pushDockerImage, pushDockerManifestList, pushOciImage, pushOciIndex, type PushTarget } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { skopeoDigest } from './support/skopeo.js';
import { skopeoRaw } from './support/skopeo-raw.js';

const USER = 'puller';
const PASSWORD = 'fetch-Pa55word';

function image(domain: string, path: string, tag: string | null, digest: string | null = null): ImageName {
  return { domain, path, tag, digest };
}

/** The config and layer descriptors of an image manifest. */
function descriptors(bytes: Buffer): { config: { digest: string }; layers: Array<{ digest: string; size: number }> } {
  return JSON.parse(bytes.toString('utf8')) as ReturnType<typeof descriptors>;
}

describe('fetchManifest and fetchBlob against a real registry', () => {
  let registry: RunningRegistry;
  let target: PushTarget;
  let client: RegistryClient;

  before(async () => {
    registry = await startRegistry();
    target = { url: registry.url };
    client = new RegistryClient({ retries: 0 });
  });
  after(async () => {
    await client.close();
    await registry.stop();
  });

  const kinds = [
    { kind: 'Docker schema2 image', push: pushDockerImage, mediaType: 'application/vnd.docker.distribution.manifest.v2+json' },
    { kind: 'OCI image manifest', push: pushOciImage, mediaType: 'application/vnd.oci.image.manifest.v1+json' },
    { kind: 'OCI index', push: pushOciIndex, mediaType: 'application/vnd.oci.image.index.v1+json' },
    { kind: 'Docker manifest list', push: pushDockerManifestList, mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json' },
  ];
  for (const { kind, push, mediaType } of kinds) {
    it(`fetches a ${kind} by tag and by digest, with the bytes and digest skopeo sees`, async () => {
      const tag = kind.replace(/\W+/g, '-').toLowerCase();
      const pushed = await push(target, 'fetch/app', tag);
      const name = `${registry.host}/fetch/app:${tag}`;
      const byTag = await client.fetchManifest(image(registry.host, 'fetch/app', tag));
      assert.equal(byTag.digest, pushed.digest);
      assert.equal(byTag.digest, await skopeoDigest(name));
      assert.equal(byTag.mediaType, mediaType);
      assert.ok(byTag.bytes.equals(await skopeoRaw(name)), 'the exact bytes skopeo reads');
      assert.equal(sha256(byTag.bytes), byTag.digest);
      const byDigest = await client.fetchManifest(image(registry.host, 'fetch/app', tag, pushed.digest));
      assert.deepEqual(byDigest, byTag);
    });
  }

  it('fetches the config blob skopeo sees and a layer, each verified by its digest', async () => {
    await pushOciImage(target, 'blobs/app', '1');
    const ref = image(registry.host, 'blobs/app', '1');
    const { config, layers } = descriptors((await client.fetchManifest(ref)).bytes);
    const configBytes = await client.fetchBlob(ref, config.digest);
    assert.ok(configBytes.equals(await skopeoRaw(`${registry.host}/blobs/app:1`, 'config')));
    const layer = await client.fetchBlob(ref, layers[0].digest);
    assert.equal(layer.length, layers[0].size);
    assert.equal(sha256(layer), layers[0].digest);
  });

  it('refuses a blob larger than maxBytes', async () => {
    await pushDockerImage(target, 'blobs/big', '1');
    const ref = image(registry.host, 'blobs/big', '1');
    const { layers } = descriptors((await client.fetchManifest(ref)).bytes);
    await assert.rejects(client.fetchBlob(ref, layers[0].digest, { maxBytes: 16 }), {
      reason: 'protocol',
      message: /is larger than 16 bytes$/,
    });
  });

  it('reports a missing blob and a missing manifest digest as not-found', async () => {
    const missing = `sha256:${'1'.repeat(64)}`;
    await pushDockerImage(target, 'blobs/app', '2');
    await assert.rejects(client.fetchBlob(image(registry.host, 'blobs/app', '2'), missing), {
      reason: 'not-found',
      message: `blob unknown: ${registry.host}/blobs/app@${missing} not found (404 BLOB_UNKNOWN)`,
    });
    await assert.rejects(client.fetchManifest(image(registry.host, 'blobs/app', '2', missing)), { reason: 'not-found' });
    await assert.rejects(client.fetchBlob(image(registry.host, 'blobs/app', '2'), 'sha256:nope'), TypeError);
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

  async function withProxy(options: { redirect?: boolean; tamper?: boolean }, test: (client: RegistryClient, host: string) => Promise<void>) {
    const proxy = await startHttpProxy({
      target: registry.url,
      redirectBlobs: options.redirect === true ? { authorization: basic } : undefined,
      tamperBlobs: options.tamper,
    });
    const client = new RegistryClient({ retries: 0, registries: { [proxy.host]: { username: USER, password: PASSWORD } } });
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
      [['127.0.0.1', true], ['localhost', false]],
    );
  });

  it('rejects a blob whose bytes do not match its digest', async () => {
    await withProxy({ tamper: true }, async (client, host) => {
      const ref = image(host, 'private/app', '1');
      const { config } = descriptors((await client.fetchManifest(ref)).bytes);
      await assert.rejects(client.fetchBlob(ref, config.digest), (error: unknown) => {
        assert.ok(error instanceof RegistryError);
        assert.equal(error.reason, 'protocol');
        assert.match(error.message, new RegExp(`answered ${host}/private/app@${config.digest} with bytes of digest sha256:`));
        return true;
      });
    });
  });
});
