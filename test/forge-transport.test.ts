/**
 * How the forge clients reach a forge: retries of 5xx answers and rate limits, the environment's proxy and CAs, a
 * cap on the answer's size, and no token over plain HTTP. Against the GitHub/GitLab stand-in, over plain HTTP on
 * loopback, or over HTTPS (test CA) as `registry.test:PORT`, a name only the test proxy resolves: a call that reaches
 * it went through the proxy.
 */

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ForgeError, ForgeTransport, GitHubClient, GitLabClient, MAX_RESPONSE_BYTES } from '../src/forge/index.js';
import { startForgeStub, type ForgeStub } from './support/forge-stub.js';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy.js';
import { makeTestPki, type TestPki } from './support/tls.js';

const TOKEN = 'ghp_s3cr3tT0ken';
const proposal = (branch: string) => ({ branch, base: 'main', title: `Update ${branch}`, body: 'digests' });

describe('forge API calls: retries, proxy and CAs, limits', () => {
  let dir: string;
  let pki: TestPki;
  let plain: ForgeStub;
  let secure: ForgeStub;
  let proxy: ForwardProxy;
  /** `registry.test:PORT`: the HTTPS stand-in, as only the proxy knows it. */
  let secureName: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'basepin-forge-http-'));
    pki = makeTestPki(dir);
    [plain, secure] = await Promise.all([startForgeStub(TOKEN), startForgeStub(TOKEN, { tls: pki.server })]);
    const secureHost = new URL(secure.url).host;
    secureName = secureHost.replace('127.0.0.1', 'registry.test');
    proxy = await startForwardProxy({ [secureName]: secureHost });
  });
  after(async () => {
    await Promise.all([plain?.close(), secure?.close(), proxy?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  const github = (api: string, env: Record<string, string> = {}) =>
    new GitHubClient(`${api}/api/v3`, 'team/app', TOKEN, new ForgeTransport(env));
  const gitlab = (api: string) => new GitLabClient(`${api}/api/v4`, 'group/app', TOKEN, new ForgeTransport({}));
  /** The requests `stub` received since `from`, as `METHOD path`. */
  const seen = (stub: ForgeStub, from: number) =>
    stub.requests.slice(from).map(({ method, url }) => `${method} ${url.split('?')[0]}`);

  test('a 502 on create is retried: one pull request, created once', async () => {
    const from = plain.requests.length;
    plain.failNext(502, { message: 'Bad Gateway' }, { method: 'POST' });
    const pull = await github(plain.url).ensurePullRequest(proposal('retry-502'));
    assert.equal(pull.action, 'created');
    assert.deepEqual(seen(plain, from), [
      'GET /api/v3/repos/team/app/pulls',
      'POST /api/v3/repos/team/app/pulls',
      'POST /api/v3/repos/team/app/pulls',
    ]);
    assert.deepEqual(
      plain.pulls.filter((one) => one.head === 'retry-502').map((one) => one.number),
      [pull.number],
    );
  });

  test('rate limits are waited out: GitHub 403 with X-RateLimit-Reset, 429 with Retry-After; a plain 403 is final', async () => {
    let from = plain.requests.length;
    const resetNow = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) };
    plain.failNext(403, { message: 'API rate limit exceeded' }, { headers: resetNow });
    assert.equal((await github(plain.url).ensurePullRequest(proposal('rate-limited'))).action, 'created');
    assert.deepEqual(seen(plain, from), [
      'GET /api/v3/repos/team/app/pulls',
      'GET /api/v3/repos/team/app/pulls',
      'POST /api/v3/repos/team/app/pulls',
    ]);

    from = plain.requests.length;
    plain.failNext(429, { message: '429 Too Many Requests' }, { headers: { 'retry-after': '0' } });
    assert.equal((await gitlab(plain.url).ensurePullRequest(proposal('gitlab-429'))).action, 'created');
    assert.equal(seen(plain, from).length, 3);

    // A 403 that is no rate limit; a rate limit longer than basepin waits (`maxRetryAfterMs`).
    const final: Array<Record<string, string>> = [{ 'x-ratelimit-remaining': '4999' }, { 'retry-after': '3600' }];
    for (const headers of final) {
      from = plain.requests.length;
      plain.failNext(403, { message: 'Resource not accessible by integration' }, { headers });
      await assert.rejects(github(plain.url).ensurePullRequest(proposal('forbidden')), (error: unknown) => {
        assert.ok(error instanceof ForgeError);
        assert.equal(error.status, 403, 'reported as the forge answered it');
        assert.match(error.message, /answered 403: Resource not accessible by integration$/);
        return true;
      });
      assert.equal(seen(plain, from).length, 1, `not retried: ${JSON.stringify(headers)}`);
    }
  });

  test('through HTTPS_PROXY with CONNECT, verifying the forge against NODE_EXTRA_CA_CERTS; NO_PROXY bypasses it', async () => {
    const api = `https://${secureName}`;
    let from = proxy.requests.length;
    const pull = await github(api, { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: pki.ca }).ensurePullRequest(
      proposal('proxied'),
    );
    assert.equal(pull.action, 'created');
    assert.equal(
      pull.url,
      `${api}/team/app/pull/${pull.number}`,
      'the stand-in was asked for by the name only the proxy knows',
    );
    assert.deepEqual(proxy.requests.slice(from), [
      { method: 'CONNECT', target: secureName },
      { method: 'CONNECT', target: secureName },
    ]);

    const received = secure.requests.length;
    await assert.rejects(
      github(api, { HTTPS_PROXY: proxy.url }).ensurePullRequest(proposal('untrusted')),
      (error: unknown) => {
        assert.ok(error instanceof ForgeError);
        assert.match(
          error.message,
          new RegExp(`^GitHub API GET ${api}/api/v3/repos/team/app/pulls\\S+ failed: .*certificate`),
        );
        return true;
      },
    );
    assert.equal(secure.requests.length, received, 'nothing was sent to a forge whose certificate is not trusted');

    from = proxy.requests.length;
    const bypassed = github(api, { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: pki.ca, NO_PROXY: '.test' });
    await assert.rejects(
      bypassed.ensurePullRequest(proposal('bypassed')),
      /failed: getaddrinfo ENOTFOUND registry\.test/,
    );
    assert.deepEqual(proxy.requests.slice(from), []);
  });

  test('the token is never sent over plain HTTP to another machine, even through a proxy', async () => {
    const from = proxy.requests.length;
    const client = github('http://forge.test:8080', { HTTP_PROXY: proxy.url });
    await assert.rejects(client.ensurePullRequest(proposal('clear')), (error: unknown) => {
      assert.ok(error instanceof ForgeError);
      assert.match(
        error.message,
        /^GitHub API GET http:\/\/forge\.test:8080\/\S+ refused: the token is sent over HTTPS only/,
      );
      return true;
    });
    assert.deepEqual(proxy.requests.slice(from), []);
  });

  test(`an answer larger than ${MAX_RESPONSE_BYTES} bytes is refused, not read`, async () => {
    plain.failNext(200, [{ number: 1, html_url: 'x', title: 'x', body: 'x'.repeat(MAX_RESPONSE_BYTES) }]);
    await assert.rejects(github(plain.url).ensurePullRequest(proposal('huge')), (error: unknown) => {
      assert.ok(error instanceof ForgeError);
      assert.match(
        error.message,
        new RegExp(`^GitHub API GET \\S+ failed: the answer is larger than ${MAX_RESPONSE_BYTES} bytes$`),
      );
      return true;
    });
  });
});
