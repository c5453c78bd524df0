/**
 * HTTP/2 to HTTPS registries: the distribution registry offers `h2` over TLS, so every lookup shares one connection
 * (counted by a TCP proxy in front of it); a TLS server that speaks only HTTP/1.1 gets a pool of keep-alive
 * connections, never more than the concurrency. Digests are the pushed ones, and skopeo agrees on one of them.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RegistryClient } from '../src/registry/index.js';
import { pushDockerImage } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { skopeoDigest } from './support/skopeo.js';
import { startTcpProxy } from './support/tcp-proxy.js';
import { makeLoopbackCertificate, type CertificateFiles } from './support/tls.js';

const TAGS = 30;

describe('HTTP/2 to registries over TLS', () => {
  let dir: string;
  let certificate: CertificateFiles;
  let registry: RunningRegistry;
  let plain: RunningRegistry;
  let http1Only: Server;
  let http1Host: string;
  const digests: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'basepin-h2-'));
    certificate = makeLoopbackCertificate(dir);
    registry = await startRegistry({ tls: certificate });
    const ca = readFileSync(certificate.certificate, 'utf8');
    for (let i = 0; i < TAGS; i++)
      digests.push((await pushDockerImage({ url: registry.url, ca }, 'multiplexed/app', `t${i}`)).digest);
    plain = await startRegistry({ sameStorageAs: registry });
    http1Only = await forwardOverHttps1(certificate, plain.host);
    http1Host = `127.0.0.1:${(http1Only.address() as { port: number }).port}`;
  });
  after(async () => {
    http1Only?.close();
    await Promise.all([registry, plain].map((one) => one?.stop()));
    await rm(dir, { recursive: true, force: true });
  });

  /** Resolves every tag at once through a TCP proxy in front of `host`; returns the digests and connections opened. */
  async function resolveAll(host: string) {
    const proxy = await startTcpProxy({ target: host });
    const lines: string[] = [];
    const client = new RegistryClient({
      retries: 0,
      registries: { [proxy.host]: { ca: certificate.certificate } },
      env: {},
      log: (line) => lines.push(line),
    });
    try {
      const resolved = await Promise.all(
        digests.map((_, i) =>
          client.resolve({ domain: proxy.host, path: 'multiplexed/app', tag: `t${i}`, digest: null }),
        ),
      );
      return { digests: resolved.map(({ digest }) => digest), connections: proxy.connections, lines };
    } finally {
      await client.close();
      await proxy.stop();
    }
  }

  it('multiplexes every lookup on one connection to a registry that speaks HTTP/2', async () => {
    const result = await resolveAll(registry.host);
    assert.deepEqual(result.digests, digests);
    assert.equal(result.connections, 1);
    assert.ok(
      result.lines.some((line) => line.includes('speaks HTTP/2')),
      result.lines.join('\n'),
    );
    const oracle = await skopeoDigest(`${registry.host}/multiplexed/app:t7`);
    assert.equal(result.digests[7], oracle);
  });

  it('falls back to HTTP/1.1 keep-alive connections, at most the concurrency, for a server without HTTP/2', async () => {
    const result = await resolveAll(http1Host);
    assert.deepEqual(result.digests, digests);
    assert.ok(result.connections >= 2 && result.connections <= 12, `${result.connections} connections`);
    assert.ok(
      result.lines.some((line) => line.includes('speaks HTTP/1.1')),
      result.lines.join('\n'),
    );
  });
});

/** An HTTPS server that speaks only HTTP/1.1 (Node's `https`) and forwards every request to the plain registry. */
async function forwardOverHttps1(certificate: CertificateFiles, target: string): Promise<Server> {
  const [hostname, port] = target.split(':');
  const server = createServer(
    { cert: readFileSync(certificate.certificate), key: readFileSync(certificate.key) },
    (incoming, outgoing) => {
      const forwarded = httpRequest(
        { hostname, port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => outgoing.destroy());
      incoming.pipe(forwarded);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
