import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dependent } from '../src/dependents/index.js';
import { DEFAULT_AUTHOR } from '../src/git/index.js';
import { RegistryClient } from '../src/registry/index.js';
import { jsonLogger } from '../src/serve/log.js';
import { startService, type Service, type ServiceOptions } from '../src/serve/service.js';
import { freePort } from './support/free-port.js';
import { createBareRepo, scratch, type BareRepo } from './support/git.js';
import { dockerHubPush, harborPush } from './support/hook-payloads.js';
import { AMD64, buildImage } from './support/image.js';
import { moveTag, pushByDigest, pushDockerImage, repushTag } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';

const SECRET = 'w3bh00k-s3cret';
const PROPOSAL = 'basepin/platform/base-2';

/** The `X-Hub-Signature-256` value for `body` signed with `secret`. */
const signature = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Polls `check` until it returns a value other than undefined or false. */
async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('basepin serve, end to end: a registry posting notifications, dependents as git repositories', () => {
  // The registry basepin watches: it notifies the service of every push. It calls itself 127.0.0.1:PORT; the files
  // call it registry.test (--registry-alias).
  let registry: RunningRegistry;
  // Stands in for Docker Hub (files say `myorg/app`) and a Harbor (`harbor.test/...`): it sends no notifications.
  let elsewhere: RunningRegistry;
  let root: Awaited<ReturnType<typeof scratch>>;
  let resolver: RegistryClient;
  let service: Service;
  let port: number;
  const logs: string[] = [];
  const repos: Record<'b' | 'c' | 'd' | 'e', BareRepo> = {} as never;
  const digests: Record<string, string> = {};
  const BASE = 'registry.test/platform/base:2';
  const B_IMAGE = 'registry.test/team/b:1';

  function serviceOptions(overrides: Partial<ServiceOptions> = {}): ServiceOptions {
    const dependents: Dependent[] = [
      { repo: repos.b.url, mode: 'push', paths: ['.'], publishes: [B_IMAGE] },
      { repo: repos.c.url, mode: 'pull-request', paths: ['.'], publishes: [] },
      { repo: repos.d.url, mode: 'pull-request', paths: ['.'], publishes: [] },
      { repo: repos.e.url, mode: 'push', paths: ['.'], publishes: [] },
    ];
    return {
      listen: { host: '127.0.0.1', port },
      secret: SECRET,
      aliases: new Map([[registry.host, 'registry.test']]),
      debounceMs: 300,
      resyncMs: 0,
      dependents,
      resolver,
      workdir: path.join(root.dir, 'work'),
      concurrency: 4,
      author: DEFAULT_AUTHOR,
      env: {},
      log: jsonLogger({ write: (line: string) => logs.push(line) }),
      bodyLimitBytes: 64 * 1024,
      ...overrides,
    };
  }

  const post = async (
    route: string,
    body: string | object,
    headers: Record<string, string> = { authorization: `Bearer ${SECRET}` },
  ) => {
    const response = await fetch(`${service.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const metric = async (name: string): Promise<number> => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    return Number(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  };
  /** Every branch head of every repository. */
  const allHeads = () =>
    Promise.all(
      Object.values(repos).map(async (repo) => Promise.all((await repo.branches()).map((branch) => repo.head(branch)))),
    );
  /** A distribution registry push event for `repository:tag`, as the registry posts it. */
  const pushEvent = (repository: string, tag: string) =>
    JSON.stringify({
      events: [
        {
          action: 'push',
          target: { repository, tag, url: `http://${registry.host}/v2/${repository}/manifests/${tag}` },
        },
      ],
    });

  /** Waits until no propagation is scheduled or running. */
  const settled = () =>
    until('propagations to settle', async () => (await metric('basepin_propagations_pending')) === 0);

  before(async () => {
    port = await freePort();
    [registry, elsewhere, root] = await Promise.all([
      startRegistry({
        notifications: {
          url: `http://127.0.0.1:${port}/hooks/registry`,
          headers: { Authorization: `Bearer ${SECRET}` },
        },
      }),
      startRegistry(),
      scratch('basepin-serve-'),
    ]);
    digests.base = (await pushDockerImage({ url: registry.url }, 'platform/base', '2')).digest;
    digests.b = (await pushDockerImage({ url: registry.url }, 'team/b', '1')).digest;
    digests.hub = (await pushDockerImage({ url: elsewhere.url }, 'myorg/app', '2')).digest;
    digests.harbor = (await pushDockerImage({ url: elsewhere.url }, 'library/app', 'v1')).digest;
    repos.b = await createBareRepo(root.dir, 'b', { Dockerfile: `FROM ${BASE}@${digests.base}\nRUN build-b\n` });
    repos.c = await createBareRepo(root.dir, 'c', { Dockerfile: `FROM ${B_IMAGE}@${digests.b}\n` });
    repos.d = await createBareRepo(root.dir, 'd', {
      Dockerfile: `FROM ${BASE}@${digests.base}\n`,
      'deploy/compose.yaml': `services:\n  d:\n    image: ${BASE}@${digests.base}\n`,
    });
    repos.e = await createBareRepo(root.dir, 'e', {
      Dockerfile: `FROM myorg/app:2@${digests.hub}\nCOPY --from=harbor.test/library/app:v1@${digests.harbor} /x /x\n`,
    });
    resolver = new RegistryClient({
      registries: {
        'registry.test': { mirror: registry.url },
        'docker.io': { mirror: elsewhere.url },
        'harbor.test': { mirror: elsewhere.url },
      },
    });
    service = await startService(serviceOptions());
  });
  after(async () => {
    await service?.close();
    await resolver?.close();
    await Promise.all([registry?.stop(), elsewhere?.stop()]);
    await root?.remove();
  });

  test('a push updates, within seconds, every dependent that uses the image; then the chain: B publishes what C uses', async () => {
    const heads = { c: await repos.c.head('main'), e: await repos.e.head('main'), dMain: await repos.d.head('main') };
    const pushed = await repushTag({ url: registry.url }, 'platform/base', '2');

    const bFile = await until('B to be updated', async () => {
      const text = await repos.b.read('main', 'Dockerfile');
      return text?.includes(pushed.digest) ? text : undefined;
    });
    assert.equal(bFile, `FROM ${BASE}@${pushed.digest}\nRUN build-b\n`);
    await until("D's proposal branch", () => repos.d.head(PROPOSAL));
    assert.equal(await repos.d.read(PROPOSAL, 'Dockerfile'), `FROM ${BASE}@${pushed.digest}\n`);
    assert.equal(
      await repos.d.read(PROPOSAL, 'deploy/compose.yaml'),
      `services:\n  d:\n    image: ${BASE}@${pushed.digest}\n`,
    );
    assert.equal(await repos.d.head('main'), heads.dMain, 'pull-request mode leaves main alone');
    await settled();
    assert.equal(await repos.c.head('main'), heads.c, 'C does not use the base image');
    assert.deepEqual(await repos.c.branches(), ['main']);
    assert.equal(await repos.e.head('main'), heads.e);
    assert.equal((await repos.b.log('main')).length, 2, 'one commit in B');

    // B's CI builds and pushes its image: C gets a proposal, and nobody else changes.
    const bHead = await repos.b.head('main');
    const bImage = await repushTag({ url: registry.url }, 'team/b', '1');
    await until("C's proposal branch", () => repos.c.head('basepin/team/b-1'));
    assert.equal(await repos.c.read('basepin/team/b-1', 'Dockerfile'), `FROM ${B_IMAGE}@${bImage.digest}\n`);
    await settled();
    assert.equal(await repos.b.head('main'), bHead);
    assert.equal(await repos.c.head('main'), heads.c);
    assert.ok(
      (await metric('basepin_events_ignored_total{source="registry"}')) > 0,
      'blob uploads and pulls were ignored',
    );
    assert.ok((await metric('basepin_last_success_timestamp_seconds')) > 0);
    assert.equal(await metric('basepin_propagation_failures_total'), 0, logs.join(''));
  });

  test('five pushes of one tag in a burst make one propagation, with the latest digest', async () => {
    await settled();
    const propagations = await metric('basepin_propagations_total');
    const commits = (await repos.b.log('main')).length;
    // Five images pushed first by digest (no tag, so no propagation), then the tag moved five times in a burst: one
    // manifest PUT each, milliseconds apart, well within the debounce however loaded the machine is.
    const burst = Array.from({ length: 5 }, (_, push) =>
      buildImage('docker', AMD64, { seed: `burst ${push} ${Date.now()}` }),
    );
    for (const built of burst) await pushByDigest({ url: registry.url }, 'platform/base', built);
    for (const built of burst) await moveTag({ url: registry.url }, 'platform/base', '2', built);
    const last = burst.at(-1)!.digest;
    await until('B to get the last digest', async () => (await repos.b.read('main', 'Dockerfile'))?.includes(last));
    await settled();
    assert.equal(await metric('basepin_propagations_total'), propagations + 1);
    assert.equal((await repos.b.log('main')).length, commits + 1, 'one commit for five pushes');
  });

  test('Docker Hub (token in the query) and Harbor webhooks propagate the images they name', async () => {
    const hub = await repushTag({ url: elsewhere.url }, 'myorg/app', '2');
    const harbor = await repushTag({ url: elsewhere.url }, 'library/app', 'v1');
    const denied = await post('/hooks/dockerhub', dockerHubPush, {});
    assert.equal(denied.status, 401);
    assert.deepEqual(await post(`/hooks/dockerhub?token=${SECRET}`, dockerHubPush, {}), {
      status: 202,
      body: { accepted: 1, ignored: 0 },
    });
    const resource = { ...harborPush.event_data.resources[0]!, resource_url: 'harbor.test/library/app:v1' };
    const harborEvent = { ...harborPush, event_data: { ...harborPush.event_data, resources: [resource] } };
    assert.equal((await post('/hooks/harbor', harborEvent)).status, 202);
    await until('E to move both pins', async () => {
      const text = await repos.e.read('main', 'Dockerfile');
      return text === `FROM myorg/app:2@${hub.digest}\nCOPY --from=harbor.test/library/app:v1@${harbor.digest} /x /x\n`;
    });
  });

  test('bad input: 401 and nothing happens; malformed 400; too large 413; an image nobody uses 202 and nothing happens', async () => {
    await settled();
    const propagations = await metric('basepin_propagations_total');
    const body = pushEvent('platform/base', '2');

    assert.equal((await post('/hooks/registry', body, {})).status, 401);
    assert.equal((await post('/hooks/registry', body, { authorization: 'Bearer wrong' })).status, 401);
    assert.equal(
      (
        await post('/hooks/registry', body, {
          authorization: `Bearer ${SECRET}`,
          'x-hub-signature-256': signature('wrong', body),
        })
      ).status,
      401,
    );
    assert.equal(
      (await post(`/hooks/registry?token=${SECRET}`, body, {})).status,
      401,
      'only Docker Hub may use the query',
    );
    const response401 = await fetch(`${service.url}/hooks/registry`, { method: 'POST', body });
    assert.equal(response401.headers.get('www-authenticate'), 'Bearer realm="basepin"');
    assert.equal(await metric('basepin_propagations_pending'), 0, 'nothing scheduled');
    assert.equal(await metric('basepin_propagations_total'), propagations);
    assert.equal(await metric('basepin_requests_rejected_total{reason="unauthorized"}'), 6);

    assert.deepEqual(await post('/hooks/registry', '{"events": ['), {
      status: 400,
      body: { error: 'the body is not JSON' },
    });
    assert.equal((await post('/hooks/registry', { hello: 'world' })).status, 400);
    assert.equal((await post('/hooks/harbor', { type: 'PUSH_ARTIFACT' })).status, 400);
    assert.equal((await post('/hooks/registry', { events: [], padding: 'x'.repeat(70 * 1024) })).status, 413);
    assert.equal((await fetch(`${service.url}/hooks/registry`)).status, 405);
    assert.equal((await fetch(`${service.url}/nowhere`)).status, 404);
    assert.deepEqual(await (await fetch(`${service.url}/healthz`)).json(), { status: 'ok' });

    // A signed body needs no Bearer header. This one names an image no dependent uses.
    const heads = await allHeads();
    await pushDockerImage({ url: registry.url }, 'nobody/uses', '1');
    const unused = pushEvent('nobody/uses', '1');
    const signed = await post('/hooks/registry', unused, { 'x-hub-signature-256': signature(SECRET, unused) });
    assert.deepEqual(signed, { status: 202, body: { accepted: 1, ignored: 0 } });
    await settled();
    assert.ok(
      logs.some((line) => line.includes('"image":"registry.test/nobody/uses:1"') && line.includes('"status":"unused"')),
    );
    assert.deepEqual(await allHeads(), heads, 'no repository changed');
    assert.equal(await metric('basepin_propagation_failures_total'), 0);
    assert.ok(!logs.join('').includes(SECRET), 'the secret is never logged');
  });

  test('a restart loses nothing: the resync at start, and every interval, catches pushes no webhook announced', async () => {
    await service.close();
    const missed = await repushTag({ url: elsewhere.url }, 'myorg/app', '2');
    service = await startService(serviceOptions({ resyncMs: 500 }));
    await until('the start-up resync to update E', async () =>
      (await repos.e.read('main', 'Dockerfile'))?.includes(missed.digest),
    );
    const later = await repushTag({ url: elsewhere.url }, 'myorg/app', '2');
    await until('a periodic resync to update E', async () =>
      (await repos.e.read('main', 'Dockerfile'))?.includes(later.digest),
    );
    assert.ok((await metric('basepin_resyncs_total')) >= 2);
  });
});
