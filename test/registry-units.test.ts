/** The registry client's pure parts: challenges, digests, endpoints, redaction, retry timing, token cache, limiter. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseChallenges } from '../src/registry/challenge.js';
import { isDigest } from '../src/registry/digest.js';
import type { RegistryConfig } from '../src/config/types.js';
import { endpointsFor } from '../src/registry/endpoint.js';
import { isLoopback } from '../src/http/loopback.js';
import { RegistryError } from '../src/registry/errors.js';
import { redactUrl } from '../src/http/redact.js';
import { Limiter } from '../src/http/limiter.js';
import { describeRateLimit, rateLimitAdvice, rateLimitOf } from '../src/registry/rate-limit.js';
import { followRedirects } from '../src/registry/redirect.js';
import { backoffDelay, parseRetryAfter, withRetries } from '../src/http/retry.js';
import { TokenCache } from '../src/registry/token-cache.js';
import type { HttpRequest, HttpResponse } from '../src/http/types.js';

describe('parseChallenges', () => {
  it('reads a Docker Hub Bearer challenge', () => {
    const header =
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"';
    assert.deepEqual(parseChallenges(header), [
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/nginx:pull',
        },
      },
    ]);
  });

  it('reads several challenges in one value and across values, with escapes, commas and unquoted values', () => {
    const header = [
      'Basic realm="a \\"quoted\\" realm, with comma", Bearer realm="https://t/x", error=insufficient_scope',
      'Newauth  realm = "apps" , type=1',
    ];
    assert.deepEqual(parseChallenges(header), [
      { scheme: 'basic', params: { realm: 'a "quoted" realm, with comma' } },
      { scheme: 'bearer', params: { realm: 'https://t/x', error: 'insufficient_scope' } },
      { scheme: 'newauth', params: { realm: 'apps', type: '1' } },
    ]);
  });

  it('keeps several space-separated scopes in one value and lower-cases names', () => {
    assert.deepEqual(parseChallenges('BEARER Realm="r",Scope="repository:a:pull repository:b:pull"'), [
      { scheme: 'bearer', params: { realm: 'r', scope: 'repository:a:pull repository:b:pull' } },
    ]);
  });

  it('returns nothing for a missing or empty header', () => {
    assert.deepEqual(parseChallenges(undefined), []);
    assert.deepEqual(parseChallenges(' , '), []);
  });
});

describe('isDigest', () => {
  it('accepts sha256, sha384 and sha512 in lowercase hex of the right length', () => {
    assert.ok(isDigest(`sha256:${'a'.repeat(64)}`));
    assert.ok(isDigest(`sha384:${'0'.repeat(96)}`));
    assert.ok(isDigest(`sha512:${'f'.repeat(128)}`));
  });
  it('rejects other forms', () => {
    for (const bad of [
      `sha256:${'A'.repeat(64)}`,
      `sha256:${'a'.repeat(63)}`,
      `md5:${'a'.repeat(32)}`,
      `sha256:${'a'.repeat(64)}:x`,
      'sha256',
      '',
    ]) {
      assert.equal(isDigest(bad), false, bad);
    }
  });
});

describe('endpointsFor', () => {
  const origins = (domain: string, registries: Record<string, RegistryConfig> = {}) =>
    endpointsFor(domain, registries).map(({ origin, plainHttpOrigin }) =>
      plainHttpOrigin ? `${origin} then ${plainHttpOrigin}` : origin,
    );

  it('sends docker.io to registry-1.docker.io over HTTPS', () => {
    assert.deepEqual(origins('docker.io'), ['https://registry-1.docker.io']);
  });
  it('uses plain HTTP for loopback hosts without TLS settings, HTTPS otherwise', () => {
    assert.deepEqual(origins('127.0.0.1:5000'), ['http://127.0.0.1:5000']);
    assert.deepEqual(origins('[::1]:5000'), ['http://[::1]:5000']);
    assert.deepEqual(origins('localhost'), ['http://localhost']);
    assert.deepEqual(origins('ghcr.io'), ['https://ghcr.io']);
    assert.deepEqual(origins('127.0.0.1:5443', { '127.0.0.1:5443': { ca: '/ca.pem' } }), ['https://127.0.0.1:5443']);
  });
  it('tries an insecure host over HTTPS first, with plain HTTP as its fallback', () => {
    assert.deepEqual(origins('reg.internal:5000', { 'reg.internal:5000': { insecure: true } }), [
      'https://reg.internal:5000 then http://reg.internal:5000',
    ]);
  });
  it('puts mirrors first, in order, each with its path prefix and its own settings, then the host itself', () => {
    const registries: Record<string, RegistryConfig> = {
      'docker.io': {
        mirror: ['https://mirror.corp:8443/hub/', 'http://127.0.0.1:5000'],
        username: 'hub',
        password: 'secret',
      },
      'mirror.corp:8443': { ca: '/etc/ca.pem' },
    };
    assert.deepEqual(endpointsFor('docker.io', registries), [
      {
        origin: 'https://mirror.corp:8443',
        basePath: '/hub',
        config: { ca: '/etc/ca.pem' },
        configHost: 'mirror.corp:8443',
        mirror: 'https://mirror.corp:8443/hub',
      },
      {
        origin: 'http://127.0.0.1:5000',
        basePath: '',
        config: {},
        configHost: '127.0.0.1:5000',
        mirror: 'http://127.0.0.1:5000',
      },
      {
        origin: 'https://registry-1.docker.io',
        basePath: '',
        config: registries['docker.io'],
        configHost: 'docker.io',
      },
    ]);
  });
  it('accepts a single mirror as a string', () => {
    assert.deepEqual(origins('quay.io', { 'quay.io': { mirror: 'https://cache.corp' } }), [
      'https://cache.corp',
      'https://quay.io',
    ]);
  });
  it('recognizes loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3:80', 'localhost:5000', '[::1]']) assert.ok(isLoopback(host), host);
    for (const host of ['128.0.0.1', 'localhost.example.com', '[::2]:5000', 'registry'])
      assert.ok(!isLoopback(host), host);
  });
});

describe('redactUrl and RegistryError', () => {
  it('removes user info and secret query values', () => {
    assert.equal(
      redactUrl('https://user:pw@auth.example/token?service=s&access_token=abc&scope=x'),
      'https://auth.example/token?service=s&access_token=REDACTED&scope=x',
    );
    // cloud storage redirects of blob downloads carry signed credentials in the query
    assert.equal(
      redactUrl('https://bucket.s3.amazonaws.com/blob?X-Amz-Credential=AKIA%2F1&X-Amz-Date=1&X-Goog-Credential=g'),
      'https://bucket.s3.amazonaws.com/blob?X-Amz-Credential=REDACTED&X-Amz-Date=1&X-Goog-Credential=REDACTED',
    );
  });
  it('stores a redacted URL and derives retryable from the reason', () => {
    const error = new RegistryError('x', { reason: 'rate-limited', url: 'https://u:p@h/v2/' });
    assert.equal(error.url, 'https://h/v2/');
    assert.equal(error.retryable, true);
    assert.equal(new RegistryError('x', { reason: 'not-found', url: 'https://h/' }).retryable, false);
  });
});

describe('retry timing', () => {
  it('parses Retry-After seconds and HTTP dates', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter('Mon, 01 Jan 2024 00:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Sun, 31 Dec 2023 00:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });
  it('backs off exponentially with jitter between half and all of the ceiling', () => {
    assert.equal(
      backoffDelay(0, 250, () => 0),
      125,
    );
    assert.equal(
      backoffDelay(0, 250, () => 1),
      250,
    );
    assert.equal(
      backoffDelay(3, 250, () => 1),
      2000,
    );
    assert.equal(
      backoffDelay(3, 250, () => 0),
      1000,
    );
  });

  const response = (status: number, headers: Record<string, string> = {}): HttpResponse => ({
    url: 'http://127.0.0.1:5000/v2/',
    status,
    headers,
    body: Buffer.alloc(0),
  });
  const policy = { retries: 2, baseDelayMs: 1, maxRetryAfterMs: 1000, log: () => {} };

  it('retries temporary statuses until a final one, within the budget', async () => {
    const answers = [response(503), response(429, { 'retry-after': '0' }), response(200)];
    const result = await withRetries(async () => answers.shift() ?? response(500), policy);
    assert.equal(result.status, 200);
    assert.equal(answers.length, 0);
  });
  it('returns the last temporary answer when the budget is spent, and never retries a 404', async () => {
    let calls = 0;
    assert.equal((await withRetries(async () => (calls++, response(502)), policy)).status, 502);
    assert.equal(calls, 3);
    calls = 0;
    assert.equal((await withRetries(async () => (calls++, response(404)), policy)).status, 404);
    assert.equal(calls, 1);
  });
  it('gives up at once when Retry-After exceeds the longest wait', async () => {
    let calls = 0;
    const result = await withRetries(async () => (calls++, response(429, { 'retry-after': '3600' })), policy);
    assert.equal(result.status, 429);
    assert.equal(calls, 1);
  });
  it('retries retryable errors only', async () => {
    let calls = 0;
    const refused = new RegistryError('refused', { reason: 'unreachable', url: 'http://h/' });
    await assert.rejects(
      withRetries(async () => (calls++, Promise.reject(refused)), policy),
      refused,
    );
    assert.equal(calls, 3);
    calls = 0;
    const tls = new RegistryError('tls', { reason: 'unreachable', url: 'http://h/', retryable: false });
    await assert.rejects(
      withRetries(async () => (calls++, Promise.reject(tls)), policy),
      tls,
    );
    assert.equal(calls, 1);
  });
});

describe('TokenCache', () => {
  it('shares one fetch among concurrent callers and refreshes a margin before expiry', async () => {
    let now = 0;
    let fetches = 0;
    const cache = new TokenCache(30, () => now);
    const fetch = async () => ({ token: `t${++fetches}`, expiresInSeconds: 300 });
    assert.deepEqual(await Promise.all([cache.get('k', fetch), cache.get('k', fetch), cache.get('k', fetch)]), [
      't1',
      't1',
      't1',
    ]);
    now = 269_000;
    assert.equal(await cache.get('k', fetch), 't1');
    now = 270_000;
    assert.equal(await cache.get('k', fetch), 't2');
    assert.equal(await cache.get('other', fetch), 't3');
  });
  it('refreshes a short-lived token halfway through its life', async () => {
    let now = 0;
    let fetches = 0;
    const cache = new TokenCache(30, () => now);
    const fetch = async () => ({ token: `t${++fetches}`, expiresInSeconds: 10 });
    await cache.get('k', fetch);
    now = 4_999;
    assert.equal(await cache.get('k', fetch), 't1');
    now = 5_000;
    assert.equal(await cache.get('k', fetch), 't2');
  });
  it('forgets a failed fetch and an invalidated token, but not a newer one', async () => {
    const cache = new TokenCache(30);
    await assert.rejects(
      cache.get('k', async () => Promise.reject(new Error('down'))),
      /down/,
    );
    assert.equal(await cache.get('k', async () => ({ token: 'a', expiresInSeconds: 60 })), 'a');
    cache.invalidate('k', 'a');
    assert.equal(await cache.get('k', async () => ({ token: 'b', expiresInSeconds: 60 })), 'b');
    cache.invalidate('k', 'a');
    assert.equal(await cache.get('k', async () => ({ token: 'c', expiresInSeconds: 60 })), 'b');
  });
});

describe('Limiter', () => {
  it('runs at most `limit` tasks at once, in order', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        limiter.run(async () => {
          running++;
          peak = Math.max(peak, running);
          order.push(index);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
        }),
      ),
    );
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
  });
});

describe('followRedirects', () => {
  const origin = 'https://registry.example';
  const answer = (url: string, status: number, location?: string): HttpResponse => ({
    url,
    status,
    headers: location === undefined ? {} : { location },
    body: Buffer.alloc(0),
  });
  /** Follows the redirects in `hops` (URL -> Location) and records which sender each request went through. */
  async function follow(hops: Record<string, string>, status = 307) {
    const sent: string[] = [];
    const send = (via: string) => async (request: HttpRequest) => {
      sent.push(`${via} ${request.method} ${request.url}`);
      const next = hops[request.url];
      return next === undefined ? answer(request.url, 200) : answer(request.url, status, next);
    };
    const request: HttpRequest = { method: 'HEAD', url: `${origin}/v2/a/blobs/x`, maxBodyBytes: 10 };
    const response = await followRedirects(request, origin, send('registry'), send('elsewhere'));
    return { response, sent };
  }

  it('sends requests to the registry origin through the registry sender, any other origin through the bare one', async () => {
    const { response, sent } = await follow({
      [`${origin}/v2/a/blobs/x`]: '/v2/a/blobs/moved',
      [`${origin}/v2/a/blobs/moved`]: 'https://storage.example/blob?sig=1',
    });
    assert.equal(response.status, 200);
    assert.deepEqual(sent, [
      `registry HEAD ${origin}/v2/a/blobs/x`,
      `registry HEAD ${origin}/v2/a/blobs/moved`,
      'elsewhere HEAD https://storage.example/blob?sig=1',
    ]);
  });
  it('turns the method into GET on 303', async () => {
    const { sent } = await follow({ [`${origin}/v2/a/blobs/x`]: 'https://storage.example/b' }, 303);
    assert.equal(sent[1], 'elsewhere GET https://storage.example/b');
  });
  it('stops after five redirects and refuses non-http locations', async () => {
    const hop = (index: number) => `${origin}/${index === 0 ? 'v2/a/blobs/x' : index}`;
    const loop = Object.fromEntries(Array.from({ length: 7 }, (_, index) => [hop(index), `/${index + 1}`]));
    await assert.rejects(follow(loop), {
      reason: 'protocol',
      message: 'registry registry.example redirected more than 5 times',
    });
    await assert.rejects(follow({ [`${origin}/v2/a/blobs/x`]: 'file:///etc/passwd' }), {
      reason: 'protocol',
      message: /not an http\(s\) URL/,
    });
  });
});

describe('rate limits', () => {
  const limited = (headers: Record<string, string>): HttpResponse => ({
    url: 'https://registry-1.docker.io/v2/',
    status: 429,
    headers,
    body: Buffer.alloc(0),
  });

  it("reads Docker Hub's ratelimit headers", () => {
    const response = limited({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600' });
    assert.deepEqual(rateLimitOf(response), { limit: 100, remaining: 76, windowSeconds: 21600 });
    assert.equal(describeRateLimit(rateLimitOf(response)!), '76 of 100 requests left per 6 h');
    assert.equal(describeRateLimit({ limit: 5000 }), 'limit 5000 requests');
    assert.equal(rateLimitOf(limited({})), undefined);
  });
  it('says when to retry: at the time Retry-After names, or within the window', () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    assert.equal(
      rateLimitAdvice(limited({ 'retry-after': '90' }), now),
      "the registry's rate limit was hit; retry after 90 s (at 2024-05-01T12:01:30Z)",
    );
    assert.equal(
      rateLimitAdvice(limited({ 'ratelimit-limit': '100;w=21600' }), now),
      "the registry's rate limit (100 requests per 6 h) was hit; retry later: the limit counts requests over 6 h",
    );
  });
});
