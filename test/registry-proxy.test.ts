/**
 * Proxies from the environment, through a small CONNECT/forward proxy on loopback. The registries are named
 * `registry.test:PORT` and `plain.test:PORT`, names only the proxy resolves (to 127.0.0.1): a lookup that
 * succeeds went through the proxy, and one that bypasses it fails to resolve the name. Loopback names
 * (127.0.0.1, localhost) are never proxied, as in Go and so in docker, which the last test checks.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RegistryConfig } from '../src/config/types.js';
import { RegistryClient, type ImageName } from '../src/registry/index.js';
import { proxyFor } from '../src/http/proxy.js';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy.js';
import { pushDockerImage, type Pushed } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { makeTestPki, type TestPki } from './support/tls.js';

describe('proxies from HTTPS_PROXY, HTTP_PROXY and NO_PROXY', () => {
  let dir: string;
  let pki: TestPki;
  let secure: RunningRegistry;
  let plain: RunningRegistry;
  let proxy: ForwardProxy;
  let pushed: Pushed;
  /** `registry.test:PORT` (HTTPS) and `plain.test:PORT` (plain HTTP), as references spell them. */
  let secureName: string;
  let plainName: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'basepin-proxy-'));
    pki = makeTestPki(dir);
    secure = await startRegistry({ tls: pki.server });
    pushed = await pushDockerImage({ url: secure.url, ca: readFileSync(pki.ca, 'utf8') }, 'proxied/app', '1');
    plain = await startRegistry({ sameStorageAs: secure });
    secureName = secure.host.replace('127.0.0.1', 'registry.test');
    plainName = plain.host.replace('127.0.0.1', 'plain.test');
    proxy = await startForwardProxy({ [secureName]: secure.host, [plainName]: plain.host });
  });
  after(async () => {
    await Promise.all([proxy, secure, plain].map((one) => one?.stop()));
    await rm(dir, { recursive: true, force: true });
  });

  /** Resolves `HOST/proxied/app:1` with `env`; returns the digest and the requests the proxy saw meanwhile. */
  async function resolveVia(host: string, env: Record<string, string>, registries: Record<string, RegistryConfig>) {
    const seen = proxy.requests.length;
    const client = new RegistryClient({ retries: 0, env, registries });
    const ref: ImageName = { domain: host, path: 'proxied/app', tag: '1', digest: null };
    try {
      const outcome = await client.resolve(ref).then(
        ({ digest }) => digest,
        (error: Error) => error,
      );
      return { outcome, requests: proxy.requests.slice(seen) };
    } finally {
      await client.close();
    }
  }

  it('tunnels HTTPS through HTTPS_PROXY with CONNECT, verifying the registry inside the tunnel', async () => {
    const { outcome, requests } = await resolveVia(
      secureName,
      { HTTPS_PROXY: proxy.url },
      { [secureName]: { ca: pki.ca } },
    );
    assert.equal(outcome, pushed.digest);
    assert.deepEqual(requests, [{ method: 'CONNECT', target: secureName }]);
  });

  it('sends plain HTTP through HTTP_PROXY as absolute-URI requests (an insecure host falling back to HTTP)', async () => {
    const env = { HTTPS_PROXY: proxy.url, http_proxy: proxy.url };
    const { outcome, requests } = await resolveVia(plainName, env, { [plainName]: { insecure: true } });
    assert.equal(outcome, pushed.digest);
    assert.deepEqual(requests[0], { method: 'CONNECT', target: plainName });
    assert.deepEqual(
      requests.slice(1).map(({ method, target }) => `${method} ${target}`),
      [`HEAD http://${plainName}/v2/proxied/app/manifests/1`],
    );
  });

  it('connects directly to hosts NO_PROXY names, and through the proxy to the others', async () => {
    const registries = { [secureName]: { ca: pki.ca } };
    const bypassed = await resolveVia(
      secureName,
      { HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com, .test' },
      registries,
    );
    assert.deepEqual(bypassed.requests, []);
    assert.match(String(bypassed.outcome), /cannot reach registry registry\.test:\d+: getaddrinfo ENOTFOUND/);
    const other = await resolveVia(
      secureName,
      { HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com,registry.test:1' },
      registries,
    );
    assert.equal(other.outcome, pushed.digest);
  });

  it('never proxies loopback registries', async () => {
    const env = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url };
    const { outcome, requests } = await resolveVia(plain.host, env, {});
    assert.equal(outcome, pushed.digest);
    assert.deepEqual(requests, []);
  });
});

describe('proxyFor', () => {
  const url = (text: string) => new URL(text);
  const env = { HTTPS_PROXY: 'proxy.corp:3128', HTTP_PROXY: 'http://plain-proxy.corp:3128' };

  it('picks the variable for the scheme, lower case first, and adds http:// to a bare host', () => {
    assert.equal(proxyFor(url('https://ghcr.io/v2/'), env), 'http://proxy.corp:3128');
    assert.equal(proxyFor(url('http://registry.corp/v2/'), env), 'http://plain-proxy.corp:3128');
    assert.equal(proxyFor(url('https://ghcr.io/'), { ...env, https_proxy: 'http://lower:1' }), 'http://lower:1');
    assert.equal(proxyFor(url('https://ghcr.io/'), { HTTP_PROXY: 'http://p:1' }), undefined);
    assert.equal(proxyFor(url('https://ghcr.io/'), { HTTPS_PROXY: ' ' }), undefined);
  });

  it('matches NO_PROXY entries like Go: domains with subdomains, leading dots, ports, IPs, CIDR blocks and *', () => {
    const bypass = (target: string, noProxy: string) =>
      proxyFor(url(target), { ...env, NO_PROXY: noProxy }) === undefined;
    assert.ok(bypass('https://corp.example/', 'corp.example'));
    assert.ok(bypass('https://a.corp.example/', 'corp.example'));
    assert.ok(!bypass('https://notcorp.example/', 'corp.example'));
    assert.ok(bypass('https://a.corp.example/', '.corp.example'));
    assert.ok(!bypass('https://corp.example/', '.corp.example'));
    assert.ok(bypass('https://a.corp.example/', '*.corp.example'));
    assert.ok(bypass('https://registry.corp:5000/', 'registry.corp:5000'));
    assert.ok(!bypass('https://registry.corp:5001/', 'registry.corp:5000'));
    assert.ok(bypass('https://registry.corp/', 'registry.corp:443'));
    assert.ok(bypass('https://10.1.2.3/', '10.0.0.0/8'));
    assert.ok(!bypass('https://11.1.2.3/', '10.0.0.0/8'));
    assert.ok(bypass('https://10.1.2.3/', '10.1.2.3'));
    assert.ok(!bypass('https://10.1.2.3/', '2.3'));
    assert.ok(bypass('https://[fd00::1]/', 'fd00::/8'));
    assert.ok(bypass('https://[fd00::1]:5000/', '[fd00::1]:5000'));
    assert.ok(bypass('https://anything/', '*'));
    assert.ok(!bypass('https://anything/', ''));
  });

  it('never proxies loopback hosts', () => {
    for (const target of ['http://127.0.0.1:5000/', 'https://localhost/', 'http://[::1]:5000/']) {
      assert.equal(proxyFor(url(target), env), undefined, target);
    }
  });
});
