import assert from 'node:assert/strict';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_AUTHOR } from '../src/git/index.js';
import { forgeClient, parseBudget, RequestBudget } from '../src/forge/index.js';
import { inShard, normalizeRepo, parseShard, propagate, shardOf } from '../src/propagate/index.js';
import { RegistryClient } from '../src/registry/index.js';
import { gitHubActionsDispatcher, kubernetesDispatcher } from '../src/serve/dispatch.js';
import { checkJobTemplate } from '../src/serve/kubernetes-job.js';
import { jsonLogger } from '../src/serve/log.js';
import { startService } from '../src/serve/service.js';
import { startForgeStub, type ForgeStub } from './support/forge-stub.js';
import { createBareRepo, scratch } from './support/git.js';
import { pushDockerImage } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';

const TOKEN = 'gh-test-token';
const JOB_TEMPLATE = fileURLToPath(new URL('../../deploy/kubernetes/propagate-job.yaml', import.meta.url));

test('shards: I/N is parsed strictly; a repository has one shard however its URL is spelled, whatever the list order', () => {
  assert.deepEqual(parseShard('2/5'), { index: 2, count: 5 });
  for (const bad of ['5/5', '-1/3', '1/0', '1', 'a/b', '1/2/3']) assert.equal(parseShard(bad), undefined, bad);
  const spellings = [
    'https://github.com/acme/app.git',
    'https://TOKEN@GitHub.com/acme/app/',
    'ssh://git@github.com/acme/app',
    'git@github.com:acme/app.git',
  ];
  assert.deepEqual(new Set(spellings.map(normalizeRepo)), new Set(['github.com/acme/app']));
  assert.equal(new Set(spellings.map((url) => shardOf(url, 7))).size, 1);
  const dependents = Array.from({ length: 300 }, (_, index) => ({ repo: `https://github.com/acme/app-${index}.git` }));
  const sizes = [0, 1, 2].map((index) => inShard(dependents, { index, count: 3 }).length);
  assert.equal(
    sizes.reduce((a, b) => a + b),
    300,
  );
  for (const size of sizes) assert.ok(size > 70 && size < 130, `shard sizes ${sizes}`);
  // Reordering or growing the list moves no dependent to another shard.
  const before = new Map(dependents.map((one) => [one.repo, shardOf(one.repo, 3)]));
  const grown = [...dependents.slice().reverse(), { repo: 'https://github.com/acme/new.git' }];
  for (const index of [0, 1, 2])
    for (const one of inShard(grown, { index, count: 3 }))
      if (before.has(one.repo)) assert.equal(before.get(one.repo), index);
});

test('the pull request budget is a token bucket: COUNT/PERIOD, spent, refilled evenly', () => {
  assert.deepEqual(parseBudget('500/h'), { count: 500, periodMs: 3_600_000 });
  assert.deepEqual(parseBudget('20/30s'), { count: 20, periodMs: 30_000 });
  assert.equal(parseBudget('0/h'), undefined);
  assert.equal(parseBudget('many'), undefined);
  let now = 0;
  const budget = new RequestBudget(2, 1000, () => now);
  assert.equal(budget.take(), true);
  assert.equal(budget.take(), true);
  assert.equal(budget.take(), false);
  assert.equal(budget.spent(), true);
  now = 500; // half the period: one request back
  assert.equal(budget.take(), true);
  assert.equal(budget.take(), false);
});

describe('GitHub App tokens, the budget and dispatches, against the forge stand-in', () => {
  let forge: ForgeStub;
  let registry: RunningRegistry;
  let root: Awaited<ReturnType<typeof scratch>>;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  before(async () => {
    forge = await startForgeStub(TOKEN, { app: { installationId: 77, token: 'ghs_installation' } });
    registry = await startRegistry();
    root = await scratch('basepin-dispatch-');
  });
  after(async () => {
    await forge?.close();
    await registry?.stop();
    await root?.remove();
  });

  test('an app signs an RS256 JWT, finds the installation, and uses its token until it nears expiry', async () => {
    const settings = {
      type: 'github' as const,
      api: `${forge.url}/api/v3`,
      project: 'acme/app',
      tokenEnv: 'UNSET_TOKEN',
    };
    const env = { BASEPIN_GITHUB_APP_ID: '4242', BASEPIN_GITHUB_APP_PRIVATE_KEY: pem };
    const start = forge.requests.length;
    for (const branch of ['basepin/a-1', 'basepin/b-1']) {
      await forgeClient(settings, env).ensurePullRequest({ branch, base: 'main', title: `t ${branch}`, body: 'b' });
    }
    const seen = forge.requests.slice(start);
    assert.deepEqual(
      seen.map((request) => `${request.method} ${request.url.split('?')[0]}`),
      [
        'GET /api/v3/repos/acme/app/installation',
        'POST /api/v3/app/installations/77/access_tokens',
        'GET /api/v3/repos/acme/app/pulls',
        'POST /api/v3/repos/acme/app/pulls',
        'GET /api/v3/repos/acme/app/pulls',
        'POST /api/v3/repos/acme/app/pulls',
      ],
    );
    const jwt = String(seen[0]!.headers.authorization).slice('Bearer '.length);
    const [header, payload, signature] = jwt.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(header!, 'base64url').toString()), { alg: 'RS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as {
      iss: string;
      iat: number;
      exp: number;
    };
    assert.equal(claims.iss, '4242');
    assert.ok(claims.exp - claims.iat <= 600, 'GitHub accepts at most ten minutes');
    assert.ok(
      createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(publicKey, Buffer.from(signature!, 'base64url')),
    );
    for (const request of seen.slice(2)) assert.equal(request.headers.authorization, 'Bearer ghs_installation');
    // Without an app and without the token variable: the usual error.
    assert.throws(() => forgeClient(settings, {}), /UNSET_TOKEN is not set/);
  });

  test('with the budget spent, the remaining dependents are deferred, not failed, and left untouched', async () => {
    const image = `${registry.host}/team/base:1`;
    const old = await pushDockerImage({ url: registry.url }, 'team/base', '1', { seed: 'old' });
    const repos = await Promise.all(
      ['p1', 'p2', 'p3'].map((name) => createBareRepo(root.dir, name, { Dockerfile: `FROM ${image}@${old.digest}\n` })),
    );
    const now = await pushDockerImage({ url: registry.url }, 'team/base', '1', { seed: 'new' });
    const dependents = repos.map((repo, index) => ({
      repo: repo.url,
      paths: ['.'],
      mode: 'pull-request' as const,
      publishes: [],
      forge: { type: 'github' as const, api: `${forge.url}/api/v3`, project: `acme/p${index + 1}`, tokenEnv: 'GH' },
    }));
    const client = new RegistryClient({ registries: {}, env: {} });
    try {
      const budget = new RequestBudget(1, 3_600_000);
      const result = await propagate({
        image,
        dependents,
        resolver: client,
        workdir: path.join(root.dir, 'w'),
        concurrency: 1,
        env: { GH: TOKEN },
        budget,
      });
      assert.equal(result.digest, now.digest);
      assert.deepEqual(
        result.results.map((one) => one.status),
        ['updated', 'deferred', 'deferred'],
      );
      assert.equal(result.results[0]!.pullRequest?.action, 'created');
      assert.deepEqual(await repos[1]!.branches(), ['main']);
      // A later run with budget again catches up.
      const later = await propagate({
        image,
        dependents,
        resolver: client,
        workdir: path.join(root.dir, 'w'),
        env: { GH: TOKEN },
        budget: new RequestBudget(5, 3_600_000),
      });
      assert.deepEqual(
        later.results.map((one) => one.status),
        ['unchanged', 'updated', 'updated'],
      );
    } finally {
      await client.close();
    }
  });

  test('serve --dispatch github-actions: a push becomes one repository_dispatch with {image, digest, shards}', async () => {
    const pushed = await pushDockerImage({ url: registry.url }, 'platform/base', '9');
    const client = new RegistryClient({ registries: {}, env: {} });
    const logs: string[] = [];
    const dispatcher = gitHubActionsDispatcher({
      api: `${forge.url}/api/v3`,
      repository: 'acme/ops',
      env: { GITHUB_TOKEN: TOKEN },
    });
    const service = await startService({
      listen: { host: '127.0.0.1', port: 0 },
      secret: 's3cret',
      aliases: new Map(),
      debounceMs: 50,
      resyncMs: 60_000,
      dependents: [],
      resolver: client,
      workdir: path.join(root.dir, 'unused'),
      concurrency: 1,
      author: DEFAULT_AUTHOR,
      env: {},
      log: jsonLogger({ write: (line: string) => logs.push(line) }),
      dispatch: { dispatcher, shards: 12 },
    });
    try {
      const start = forge.requests.length;
      const event = {
        events: [
          {
            action: 'push',
            target: {
              repository: 'platform/base',
              tag: '9',
              url: `http://${registry.host}/v2/platform/base/manifests/9`,
            },
          },
        ],
      };
      const response = await fetch(`${service.url}/hooks/registry`, {
        method: 'POST',
        headers: { authorization: 'Bearer s3cret', 'content-type': 'application/json' },
        body: JSON.stringify(event),
      });
      assert.equal(response.status, 202);
      for (let waited = 0; !logs.some((line) => line.includes('propagation dispatched')) && waited < 5000; waited += 50)
        await sleep(50);
      const dispatches = forge.requests.slice(start).filter((request) => request.url.endsWith('/dispatches'));
      assert.equal(dispatches.length, 1, logs.join(''));
      assert.equal(dispatches[0]!.url, '/api/v3/repos/acme/ops/dispatches');
      assert.equal(dispatches[0]!.headers.authorization, `Bearer ${TOKEN}`);
      assert.deepEqual(dispatches[0]!.body, {
        event_type: 'basepin-propagate',
        client_payload: { image: `${registry.host}/platform/base:9`, digest: pushed.digest, shards: 12 },
      });
      // In dispatch mode the service surveys nothing itself.
      assert.ok(!logs.some((line) => line.includes('"resync"')), logs.join(''));
    } finally {
      await service.close();
      await client.close();
    }
  });
});

test('serve --dispatch kubernetes: the request is a valid Indexed Job made from the example template (a stand-in of the Jobs API)', async () => {
  // No Kubernetes runs here: a stand-in of POST /apis/batch/v1/namespaces/NS/jobs records what it is sent.
  const received: Array<{ url: string; authorization?: string; body: Record<string, any> }> = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
      received.push({ url: `${request.method} ${request.url}`, authorization: request.headers.authorization, body });
      response
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ...body, metadata: { ...body.metadata, name: 'basepin-propagate-x7k2p' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const template = checkJobTemplate(parseYaml(await readFile(JOB_TEMPLATE, 'utf8')));
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dispatch = kubernetesDispatcher({
      api,
      namespace: 'basepin',
      template,
      parallelism: 3,
      env: { BASEPIN_KUBE_TOKEN: 'kube-token' },
    });
    const digest = `sha256:${'a'.repeat(64)}`;
    assert.equal(
      await dispatch({ image: 'registry.internal/platform/base:2', digest, shards: 8 }),
      'basepin/basepin-propagate-x7k2p',
    );

    assert.equal(received.length, 1);
    const [{ url, authorization, body: job }] = received as [(typeof received)[0]];
    assert.equal(url, 'POST /apis/batch/v1/namespaces/basepin/jobs');
    assert.equal(authorization, 'Bearer kube-token');
    assert.equal(job.apiVersion, 'batch/v1');
    assert.equal(job.kind, 'Job');
    assert.equal(job.metadata.name, undefined);
    assert.equal(job.metadata.generateName, 'basepin-propagate-');
    assert.equal(job.metadata.annotations['basepin.dev/digest'], digest);
    assert.equal(job.spec.completionMode, 'Indexed');
    assert.equal(job.spec.completions, 8);
    assert.equal(job.spec.parallelism, 3);
    assert.ok(['Never', 'OnFailure'].includes(job.spec.template.spec.restartPolicy));
    const [container] = job.spec.template.spec.containers;
    const env = Object.fromEntries(
      container.env.filter((entry: any) => 'value' in entry).map((entry: any) => [entry.name, entry.value]),
    );
    assert.equal(env.BASEPIN_IMAGE, 'registry.internal/platform/base:2');
    assert.equal(env.BASEPIN_SHARDS, '8');
    assert.ok(
      container.env.some((entry: any) => entry.name === 'GITHUB_TOKEN' && entry.valueFrom),
      'the template keeps its own variables',
    );
    // Each pod runs its own shard: Kubernetes sets JOB_COMPLETION_INDEX and expands $(VAR) in the arguments.
    assert.ok(container.args.includes('--shard=$(JOB_COMPLETION_INDEX)/$(BASEPIN_SHARDS)'), container.args.join(' '));
    assert.ok(container.args.includes('--image=$(BASEPIN_IMAGE)'));
    // The template file itself is not changed by a dispatch.
    assert.equal((template.spec as any).completions, undefined);

    assert.throws(() => checkJobTemplate({ apiVersion: 'batch/v1', kind: 'Deployment' }), /must be a batch\/v1 Job/);
    const noRestart = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      spec: { template: { spec: { containers: [{ name: 'x' }] } } },
    };
    assert.throws(() => checkJobTemplate(noRestart), /restartPolicy: must be Never or OnFailure/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
