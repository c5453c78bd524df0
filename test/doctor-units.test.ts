import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { emptyConfig } from '../src/config/types.js';
import {
  cacheStatus,
  doctor,
  EngineClient,
  engineImageName,
  engineRepository,
  EngineError,
  findEngineEndpoint,
  needsPlatformDigest,
  parseEngineHost,
  registryAuthHeader,
  repoDigestDigests,
  type EngineEndpoint,
  type EngineVersion,
  type LocalImage,
  type TagRegistry,
  type TagState,
} from '../src/engine/index.js';
import { engineRequest } from '../src/engine/http.js';
import { PullStream, type PullProgress } from '../src/engine/pull-stream.js';
import { parseNormalized, type NormalizedReference } from '../src/reference/index.js';

const INDEX = `sha256:${'1'.repeat(64)}`;
const AMD64 = `sha256:${'2'.repeat(64)}`;
const OLD = `sha256:${'3'.repeat(64)}`;
const OLD_AMD64 = `sha256:${'4'.repeat(64)}`;

describe('cacheStatus: the cached copy against the registry and the pin', () => {
  const state = (cached: string[] | null, currentPlatform: string | null = null): TagState => ({
    cached,
    current: INDEX,
    currentPlatform,
  });

  test('missing, fresh, stale, mismatch', () => {
    assert.equal(cacheStatus(state(null), null), 'missing');
    assert.equal(cacheStatus(state(null), OLD), 'missing');
    assert.equal(cacheStatus(state([INDEX]), null), 'fresh');
    assert.equal(cacheStatus(state([INDEX]), INDEX), 'fresh');
    assert.equal(cacheStatus(state([OLD]), null), 'stale');
    assert.equal(cacheStatus(state([OLD]), OLD), 'stale', 'the pinned copy is cached, but the tag moved on');
    assert.equal(cacheStatus(state([OLD]), OLD_AMD64), 'stale', 'stale first: pulling is what fixes the cache');
    assert.equal(cacheStatus(state([INDEX]), OLD), 'mismatch', 'cache and registry agree, the pin differs from both');
    assert.equal(cacheStatus(state([]), null), 'stale', 'an image built or tagged locally has no registry digest');
  });

  test('multi-platform tags: the index digest, the platform digest, or both may be cached', () => {
    assert.equal(cacheStatus(state([INDEX, AMD64], AMD64), null), 'fresh', 'podman records both');
    assert.equal(cacheStatus(state([INDEX]), null), 'fresh', 'Docker records the index');
    assert.equal(cacheStatus(state([AMD64], AMD64), null), 'fresh', 'only the platform image');
    assert.equal(cacheStatus(state([OLD_AMD64], AMD64), null), 'stale');
    assert.equal(cacheStatus(state([INDEX], AMD64), AMD64), 'fresh', 'a pin to the platform image is current too');
  });

  test('needsPlatformDigest asks the registry for the index only when the cache or a pin does not name it', () => {
    const found = (cached: string[] | null) => ({ cached, current: INDEX });
    assert.equal(needsPlatformDigest(found([INDEX]), true, [null, INDEX]), false);
    assert.equal(needsPlatformDigest(found([AMD64]), true, [null]), true);
    assert.equal(needsPlatformDigest(found([INDEX]), true, [AMD64]), true);
    assert.equal(needsPlatformDigest(found([OLD]), false, [null]), false, 'not an index');
    assert.equal(needsPlatformDigest(found(null), true, [OLD]), false, 'nothing cached: missing either way');
  });
});

describe('how the engine names images', () => {
  test('familiar names for Docker Hub, the registry host otherwise; latest by default; digests dropped', () => {
    assert.equal(engineImageName(parseNormalized('nginx')), 'nginx:latest');
    assert.equal(engineImageName(parseNormalized(`docker.io/library/nginx:1.25@${INDEX}`)), 'nginx:1.25');
    assert.equal(engineImageName(parseNormalized('bitnami/redis:7')), 'bitnami/redis:7');
    assert.equal(engineImageName(parseNormalized('127.0.0.1:5000/team/app:2')), '127.0.0.1:5000/team/app:2');
    assert.equal(engineRepository(parseNormalized('ghcr.io/org/app:1')), 'ghcr.io/org/app');
  });

  test('RepoDigests entries give their digests, whatever repository they name', () => {
    assert.deepEqual(repoDigestDigests([`nginx@${INDEX}`, `docker.io/library/nginx@${AMD64}`, 'broken']), [
      INDEX,
      AMD64,
    ]);
  });
});

describe('the pull progress stream', () => {
  test('JSON lines split across chunks become events; progress bars are marked; an error is the failure', () => {
    const events: PullProgress[] = [];
    const stream = new PullStream((event) => events.push(event));
    const text =
      '{"status":"Pulling from team/app","id":"2"}\r\n{"status":"Downloading","progressDetail":{"current":1},"progress":"[=> ]","id":"abc"}\n' +
      '{"status":"Download complete","progressDetail":{},"id":"abc"}\n{"errorDetail":{"message":"denied"},"error":"denied: no access"}\n';
    for (let at = 0; at < text.length; at += 7) stream.write(Buffer.from(text.slice(at, at + 7)));
    assert.equal(stream.end(), 'denied: no access');
    assert.deepEqual(events, [
      { status: 'Pulling from team/app', id: '2' },
      { status: 'Downloading', id: 'abc', progress: '[=> ]' },
      { status: 'Download complete', id: 'abc' },
    ]);
  });

  test('a stream without error ends without failure, even without a final newline', () => {
    const events: PullProgress[] = [];
    const stream = new PullStream((event) => events.push(event));
    stream.write(Buffer.from('{"status":"Status: Image is up to date for app:1"}'));
    assert.equal(stream.end(), undefined);
    assert.deepEqual(events, [{ status: 'Status: Image is up to date for app:1' }]);
  });
});

describe('finding the engine: DOCKER_HOST, the Docker context, the default socket', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  /** A home directory with `~/.docker/config.json` and contexts (name -> docker host). */
  async function home(currentContext: string | undefined, contexts: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'basepin-home-'));
    dirs.push(dir);
    await mkdir(path.join(dir, '.docker'), { recursive: true });
    if (currentContext !== undefined)
      await writeFile(path.join(dir, '.docker/config.json'), JSON.stringify({ auths: {}, currentContext }));
    for (const [name, host] of Object.entries(contexts)) {
      const meta = path.join(dir, '.docker/contexts/meta', createHash('sha256').update(name).digest('hex'));
      await mkdir(meta, { recursive: true });
      await writeFile(
        path.join(meta, 'meta.json'),
        JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host } } }),
      );
    }
    return dir;
  }

  test('the default socket when nothing is configured, or the context is "default"', async () => {
    const endpoint = await findEngineEndpoint({}, await home(undefined, {}));
    assert.deepEqual(endpoint, {
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
      url: 'unix:///var/run/docker.sock',
      source: 'default',
    });
    assert.equal((await findEngineEndpoint({}, await home('default', {}))).source, 'default');
  });

  test('the current context from config.json; DOCKER_CONTEXT over it; DOCKER_HOST over both', async () => {
    const dir = await home('colima', { colima: 'unix:///home/me/.colima/docker.sock', remote: 'tcp://10.0.0.5:2375' });
    const current = await findEngineEndpoint({}, dir);
    assert.deepEqual([current.url, current.source], ['unix:///home/me/.colima/docker.sock', 'docker context "colima"']);
    const chosen = await findEngineEndpoint({ DOCKER_CONTEXT: 'remote' }, dir);
    assert.deepEqual(chosen, {
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2375,
      url: 'tcp://10.0.0.5:2375',
      source: 'docker context "remote"',
    });
    const host = await findEngineEndpoint(
      { DOCKER_HOST: 'unix:///run/podman/podman.sock', DOCKER_CONTEXT: 'remote' },
      dir,
    );
    assert.deepEqual([host.url, host.source], ['unix:///run/podman/podman.sock', 'DOCKER_HOST']);
  });

  test('DOCKER_CONFIG moves the configuration directory', async () => {
    const dir = await home('colima', { colima: 'unix:///elsewhere.sock' });
    const endpoint = await findEngineEndpoint({ DOCKER_CONFIG: path.join(dir, '.docker') }, '/nonexistent');
    assert.equal(endpoint.url, 'unix:///elsewhere.sock');
  });

  test('a context that does not exist, and endpoints basepin cannot use, are clear errors', async () => {
    const dir = await home('gone', {});
    await assert.rejects(findEngineEndpoint({}, dir), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.equal(error.reason, 'unsupported');
      assert.match(error.message, /^docker context "gone" does not exist \(no .*meta\.json\)$/);
      return true;
    });
    assert.throws(
      () => parseEngineHost('ssh://me@host', 'DOCKER_HOST'),
      /DOCKER_HOST: ssh:\/\/ engine addresses are not supported/,
    );
    assert.throws(
      () => parseEngineHost('tcp://host:2376', 'DOCKER_HOST', { DOCKER_TLS_VERIFY: '1' }),
      /TLS to the engine/,
    );
    assert.throws(() => parseEngineHost('unix://', 'DOCKER_HOST'), /names no socket/);
    assert.throws(() => parseEngineHost('/var/run/docker.sock', 'DOCKER_HOST'), /not an engine address/);
    assert.deepEqual(parseEngineHost('tcp://[::1]', 'x'), {
      kind: 'tcp',
      host: '::1',
      port: 2375,
      url: 'tcp://[::1]',
      source: 'x',
    });
  });

  test('a config.json that is not JSON is an error that names the file', async () => {
    const dir = await home(undefined, {});
    await writeFile(path.join(dir, '.docker/config.json'), '{ not json');
    await assert.rejects(findEngineEndpoint({}, dir), /the Docker configuration .*config\.json is not valid JSON/);
  });
});

describe('X-Registry-Auth: the auth config the docker CLI sends the engine', () => {
  /** The header decoded, after checking it is URL-safe base64 with padding, as Go's base64.URLEncoding writes it. */
  const decoded = (header: string) => {
    assert.match(header, /^[A-Za-z0-9_-]*={0,2}$/);
    assert.equal(header.length % 4, 0, 'padded');
    return JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as unknown;
  };

  test('a user and password for the host; Docker Hub keyed by its v1 index URL', () => {
    const password = { kind: 'password', username: 'ci', password: 'pa/ss?+' } as const;
    assert.deepEqual(decoded(registryAuthHeader({ host: 'registry.corp:5000', credentials: password })), {
      username: 'ci',
      password: 'pa/ss?+',
      serveraddress: 'registry.corp:5000',
    });
    const hub = decoded(registryAuthHeader({ host: 'docker.io', credentials: password })) as { serveraddress: string };
    assert.equal(hub.serveraddress, 'https://index.docker.io/v1/');
  });

  test('an identity token goes in identitytoken, with the user name only when there is one', () => {
    const fromHelper = { kind: 'identity-token', username: '', identityToken: 'refresh-Me' } as const;
    assert.deepEqual(decoded(registryAuthHeader({ host: 'acr.example.io', credentials: fromHelper })), {
      identitytoken: 'refresh-Me',
      serveraddress: 'acr.example.io',
    });
    const fromFile = { ...fromHelper, username: '00000000-0000-0000-0000-000000000000' };
    assert.deepEqual(decoded(registryAuthHeader({ host: 'acr.example.io', credentials: fromFile })), {
      username: '00000000-0000-0000-0000-000000000000',
      identitytoken: 'refresh-Me',
      serveraddress: 'acr.example.io',
    });
  });
});

describe('talking to the engine', () => {
  const PROGRESS = ['{"status":"Pulling"}\n', '{"status":"Downloading"}\n', '{"status":"Done"}\n'];

  /** A plain HTTP server on loopback answering like an engine: a streamed 200, or a 500 with the engine's message. */
  async function withServer(use: (endpoint: EngineEndpoint) => Promise<void>): Promise<void> {
    const server = createServer((request, response) => {
      if (request.url === '/fail') {
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"no space left on device"}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      for (const line of PROGRESS) response.write(line);
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await use({ kind: 'tcp', host: '127.0.0.1', port, url: `tcp://127.0.0.1:${port}`, source: 'test' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  test('a body streamed to onData is not also kept; an error answer keeps its message', async () => {
    const pull = { method: 'POST', idleTimeoutMs: 5000 } as const;
    await withServer(async (endpoint) => {
      const received: Buffer[] = [];
      const streamed = await engineRequest(endpoint, {
        ...pull,
        path: '/pull',
        onData: (chunk) => received.push(chunk),
      });
      assert.equal(Buffer.concat(received).toString('utf8'), PROGRESS.join(''));
      assert.deepEqual([streamed.status, streamed.body.length], [200, 0]);

      const kept = await engineRequest(endpoint, { method: 'GET', path: '/pull', idleTimeoutMs: 5000 });
      assert.equal(kept.body.toString('utf8'), PROGRESS.join(''));

      const failed: Buffer[] = [];
      const failure = await engineRequest(endpoint, { ...pull, path: '/fail', onData: (chunk) => failed.push(chunk) });
      assert.deepEqual(
        [failure.status, failure.body.toString('utf8'), failed],
        [500, '{"message":"no space left on device"}', []],
      );
    });
  });
});

describe('doctor asks about a bounded number of tags at once', () => {
  /** An engine that holds no image, answering after a moment. */
  class QuietEngine extends EngineClient {
    override async version(): Promise<EngineVersion> {
      return { version: '1', apiVersion: '1.41', os: 'linux', architecture: 'amd64' };
    }
    override async inspectImage(): Promise<LocalImage | undefined> {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return undefined;
    }
  }

  test('twenty tags, at most eight in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const registry: TagRegistry = {
      async resolve(ref: NormalizedReference) {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 10));
        inFlight -= 1;
        return {
          digest: `sha256:${ref.tag!.padStart(64, '0')}`,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
        };
      },
      fetchManifest: () => Promise.reject(new Error('not asked')),
    };
    const images = Array.from({ length: 20 }, (_, index) => `registry.test/app:${index + 1}`);
    const engine = new QuietEngine({
      kind: 'unix',
      socketPath: '/nonexistent',
      url: 'unix:///nonexistent',
      source: 'test',
    });
    const report = await doctor({ cwd: '/', paths: [], images, config: emptyConfig, engine, registry });
    assert.deepEqual(new Set(report.entries.map((entry) => entry.status)), new Set(['missing']));
    assert.equal(report.entries.length, 20);
    assert.equal(most, 8);
  });

  test('an --image given by digest alone is skipped, as in a file: no tag is looked up', async () => {
    const registry: TagRegistry = {
      resolve: () => Promise.reject(new Error('no tag should be resolved')),
      fetchManifest: () => Promise.reject(new Error('not asked')),
    };
    const engine = new QuietEngine({
      kind: 'unix',
      socketPath: '/nonexistent',
      url: 'unix:///nonexistent',
      source: 'test',
    });
    const images = [`registry.test/app@sha256:${'1'.repeat(64)}`];
    const report = await doctor({ cwd: '/', paths: [], images, config: emptyConfig, engine, registry });
    assert.deepEqual(
      report.entries.map((entry) => [entry.status, entry.message]),
      [['skipped', 'pinned by digest alone: builds use that image, whatever the cache holds']],
    );
  });
});
