/**
 * How the client copes with other registries' ways, imitated by a proxy in front of a real registry:
 * no `Docker-Content-Digest` on HEAD, HEAD refused, temporary errors with `Retry-After`, rate limits (and
 * Docker Hub's rate-limit headers), and a link too slow to answer in time.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegistryClient, RegistryError, type ImageName } from '../src/registry/index.js';
import { pushDockerManifestList, pushOciImage, type Pushed } from './support/push.js';
import { startHttpProxy, type HttpProxy, type HttpProxyOptions } from './support/http-proxy.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { startTcpProxy } from './support/tcp-proxy.js';

describe('RegistryClient fallbacks', () => {
  let registry: RunningRegistry;
  let list: Pushed;
  let oci: Pushed;

  before(async () => {
    registry = await startRegistry();
    list = await pushDockerManifestList({ url: registry.url }, 'app', 'list');
    oci = await pushOciImage({ url: registry.url }, 'app', 'oci');
  });
  after(() => registry.stop());

  /** Runs `test` with a proxy configured by `options` and a client (with `clientOptions`) pointed at it. */
  async function through(
    options: Omit<HttpProxyOptions, 'target'>,
    test: (resolve: (tag: string) => Promise<unknown>, proxy: HttpProxy, lines: string[]) => Promise<void>,
    clientOptions: ConstructorParameters<typeof RegistryClient>[0] = {},
  ): Promise<void> {
    const proxy = await startHttpProxy({ target: registry.url, ...options });
    const lines: string[] = [];
    const client = new RegistryClient({ retries: 0, log: (line) => lines.push(line), ...clientOptions });
    const image = (tag: string): ImageName => ({ domain: proxy.host, path: 'app', tag, digest: null });
    try {
      await test((tag) => client.resolve(image(tag)), proxy, lines);
    } finally {
      await client.close();
      await proxy.stop();
    }
  }

  it('hashes the GET body when HEAD has no Docker-Content-Digest', async () => {
    await through({ dropHeaders: ['docker-content-digest'] }, async (resolve, proxy) => {
      assert.deepEqual(await resolve('list'), {
        digest: list.digest,
        mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      });
      assert.deepEqual(await resolve('oci'), {
        digest: oci.digest,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
      });
      assert.deepEqual(
        proxy.requests.map(({ method }) => method),
        ['HEAD', 'GET', 'HEAD', 'GET'],
      );
    });
  });

  it('uses GET when HEAD is not allowed', async () => {
    await through({ refuseHead: true }, async (resolve) => {
      assert.equal(((await resolve('list')) as { digest: string }).digest, list.digest);
    });
  });

  it('sends its user agent', async () => {
    await through(
      {},
      async (resolve, proxy) => {
        await resolve('oci');
        assert.equal(proxy.requests[0].userAgent, 'basepin-test/1');
      },
      { userAgent: 'basepin-test/1' },
    );
  });

  it('retries a 503 after the Retry-After the registry asks for', async () => {
    const failFirst = { count: 1, status: 503, headers: { 'retry-after': '1' } };
    await through(
      { failFirst },
      async (resolve, proxy, lines) => {
        const started = Date.now();
        assert.equal(((await resolve('oci')) as { digest: string }).digest, oci.digest);
        assert.ok(Date.now() - started >= 1000, 'waited for Retry-After');
        assert.ok(
          lines.some((line) => line.startsWith('retrying in 1000 ms')),
          lines.join('\n'),
        );
        assert.equal(proxy.requests.length, 2);
      },
      { retries: 1 },
    );
  });

  it('reports a registry that keeps failing, once the retries are spent', async () => {
    await through(
      { failFirst: { count: 100, status: 502 } },
      async (resolve, proxy) => {
        await assert.rejects(resolve('oci'), { reason: 'unreachable', status: 502, retryable: true });
        assert.equal(proxy.requests.length, 3);
      },
      { retries: 2 },
    );
  });

  it('gives up at once on a Retry-After longer than it will wait, as rate-limited, saying when to retry', async () => {
    const failFirst = { count: 100, status: 429, headers: { 'retry-after': '3600' } };
    await through(
      { failFirst },
      async (resolve, proxy) => {
        const started = Date.now();
        await assert.rejects(resolve('oci'), (error: unknown) => {
          assert.ok(error instanceof RegistryError);
          assert.equal(error.reason, 'rate-limited');
          assert.equal(error.retryable, true);
          const advice = /: the registry's rate limit was hit; retry after 1 h \(at (\S+)\) \(429\)$/;
          assert.match(error.message, /^rate-limited: 127\.0\.0\.1:\d+ refused more requests for .*app:oci: /);
          const match = advice.exec(error.message);
          assert.ok(match, error.message);
          const at = Date.parse(match[1]!);
          assert.ok(Math.abs(at - (started + 3_600_000)) < 5_000, match[1]);
          return true;
        });
        assert.equal(proxy.requests.length, 1);
      },
      { retries: 3 },
    );
  });

  it("names Docker Hub's rate limit when it is hit, and logs what is left with every answer", async () => {
    const limit = { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' };
    await through({ failFirst: { count: 1, status: 429, headers: limit } }, async (resolve) => {
      await assert.rejects(resolve('oci'), {
        reason: 'rate-limited',
        message:
          /: the registry's rate limit \(100 requests per 6 h\) was hit; retry later: the limit counts requests over 6 h \(429\)$/,
      });
    });
    await through({ addHeaders: { ...limit, 'ratelimit-remaining': '76;w=21600' } }, async (resolve, _proxy, lines) => {
      await resolve('oci');
      assert.match(lines[0]!, /^HEAD http:\/\/127\.0\.0\.1:\d+\/v2\/app\/manifests\/oci -> 200 /);
      assert.match(lines[0]!, /\(\d+ ms; rate limit: 76 of 100 requests left per 6 h\)$/);
    });
  });

  it('times out on a link slower than the timeout', async () => {
    const slow = await startTcpProxy({ target: registry.host, latencyMs: 2000 });
    const client = new RegistryClient({ retries: 0, timeoutMs: 200 });
    try {
      await assert.rejects(client.resolve({ domain: slow.host, path: 'app', tag: 'oci', digest: null }), {
        reason: 'timeout',
        retryable: true,
        message: `registry ${slow.host} did not answer within 200 ms`,
      });
    } finally {
      await client.close();
      await slow.stop();
    }
  });
});
