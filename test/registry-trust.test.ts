/**
 * basepin never writes a digest it did not check: answers altered by a fault-injecting proxy in front of the real
 * registry (a lying or missing `Docker-Content-Digest`, an HTML page with 200, a body that is not JSON, a sha512
 * header, a wrong `Content-Type`) either resolve to the digest skopeo (an independent client) reports for the
 * registry itself, or fail with an error naming the registry, the reference and the URL. `verify` hashes every
 * manifest, which catches a header lie that looks valid.
 */

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RegistryClient, RegistryError, type ImageName, type RegistryClientOptions } from '../src/registry/index.js';
import { runBasepin } from './support/cli.js';
import { manifests, startFaultProxy, type FaultAnswer, type FaultProxy } from './support/fault-proxy.js';
import { pushDockerImage, pushOciIndex } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { skopeoDigest } from './support/skopeo.js';

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const LIE = `sha256:${createHash('sha256').update('not the manifest').digest('hex')}`;

type Rewrite = (answer: FaultAnswer) => FaultAnswer;

function hash(bytes: Buffer, algorithm: string): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

function setHeaders(headers: Record<string, string | undefined>): Rewrite {
  return (answer) => {
    const changed = { ...answer.headers, ...headers };
    for (const [name, value] of Object.entries(headers)) if (value === undefined) delete changed[name];
    return { ...answer, headers: changed };
  };
}

const withoutDigest = setHeaders({ 'docker-content-digest': undefined });
const htmlPage: Rewrite = () => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: Buffer.from('<!doctype html><html><body>Please sign in to the network</body></html>'),
});

describe('registry answers basepin does not trust', () => {
  let registry: RunningRegistry;
  /** The digests skopeo reports for the tags, asking the registry itself. */
  const oracle: Record<string, string> = {};

  before(async () => {
    registry = await startRegistry();
    await pushOciIndex({ url: registry.url }, 'app', 'index');
    await pushDockerImage({ url: registry.url }, 'app', 'docker');
    for (const tag of ['index', 'docker']) oracle[tag] = await skopeoDigest(`${registry.host}/app:${tag}`);
  });
  after(() => registry.stop());

  /** Runs `test` with manifest answers rewritten by `rewrite` and a client pointed at the proxy. */
  async function through(
    rewrite: Rewrite,
    test: (resolve: (tag: string) => Promise<{ digest: string }>, proxy: FaultProxy) => Promise<void>,
    options: RegistryClientOptions = {},
  ): Promise<void> {
    const proxy = await startFaultProxy(registry.url, [{ match: manifests, rewrite }]);
    const client = new RegistryClient({ retries: 0, ...options });
    const image = (tag: string): ImageName => ({ domain: proxy.host, path: 'app', tag, digest: null });
    try {
      await test((tag) => client.resolve(image(tag)), proxy);
    } finally {
      await client.close();
      await proxy.stop();
    }
  }

  const methods = (proxy: FaultProxy) => proxy.requests.map(({ method }) => method);

  /** The error of an untrusted answer: the registry, the reference, what was wrong, the URL. */
  function untrusted(proxy: FaultProxy, tag: string, what: RegExp) {
    return (error: unknown) => {
      assert.ok(error instanceof RegistryError, String(error));
      assert.equal(error.reason, 'protocol');
      const prefix = `registry ${proxy.host} answered ${proxy.host}/app:${tag} with `;
      assert.ok(error.message.startsWith(prefix), error.message);
      assert.match(error.message.slice(prefix.length), what);
      assert.ok(error.message.endsWith(` (http://${proxy.host}/v2/app/manifests/${tag})`), error.message);
      return true;
    };
  }

  it('the oracle agrees with the registry when nothing is altered', async () => {
    await through(
      (answer) => answer,
      async (resolve, proxy) => {
        assert.equal((await resolve('index')).digest, oracle.index);
        assert.deepEqual(methods(proxy), ['HEAD']);
      },
    );
  });

  it('no Docker-Content-Digest: hashes the GET body', async () => {
    await through(withoutDigest, async (resolve, proxy) => {
      assert.equal((await resolve('index')).digest, oracle.index);
      assert.equal((await resolve('docker')).digest, oracle.docker);
      assert.deepEqual(methods(proxy), ['HEAD', 'GET', 'HEAD', 'GET']);
    });
  });

  it('a Docker-Content-Digest that is not a digest: hashes the GET body, and refuses it there', async () => {
    const broken = setHeaders({ 'docker-content-digest': 'sha256:not-hex' });
    await through(broken, async (resolve, proxy) => {
      await assert.rejects(
        resolve('index'),
        untrusted(proxy, 'index', /^a Docker-Content-Digest that is not a digest \("sha256:not-hex"\)/),
      );
      assert.deepEqual(methods(proxy), ['HEAD', 'GET']);
    });
  });

  it('a wrong Docker-Content-Digest on the GET is an error naming both digests', async () => {
    // The plain-text Content-Type sends basepin from the HEAD to the GET, whose header lies too.
    await through(
      setHeaders({ 'docker-content-digest': LIE, 'content-type': 'text/plain' }),
      async (resolve, proxy) => {
        const what = new RegExp(
          `^a manifest whose bytes hash to ${oracle.index}, not to the ${LIE} its Docker-Content-Digest claims`,
        );
        await assert.rejects(resolve('index'), untrusted(proxy, 'index', what));
        assert.deepEqual(methods(proxy), ['HEAD', 'GET']);
      },
    );
  });

  it('an HTML page with 200 is no manifest', async () => {
    await through(htmlPage, async (resolve, proxy) => {
      await assert.rejects(
        resolve('index'),
        untrusted(proxy, 'index', /^a body that is not JSON \(Content-Type text\/html, 70 bytes\)/),
      );
      assert.deepEqual(methods(proxy), ['HEAD', 'GET']);
    });
  });

  it('a body that is not JSON, served as a manifest without a digest header, is no manifest', async () => {
    const garbage: Rewrite = (answer) => ({
      ...withoutDigest(answer),
      body: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff]),
    });
    await through(garbage, async (resolve, proxy) => {
      const what = new RegExp(
        `^a body that is not JSON \\(Content-Type ${OCI_INDEX.replaceAll('.', '\\.').replace('+', '\\+')}, 5 bytes\\)`,
      );
      await assert.rejects(resolve('index'), untrusted(proxy, 'index', what));
    });
  });

  it('JSON that is not a manifest (an error body with 200) is no manifest', async () => {
    const errorBody: Rewrite = (answer) => ({
      ...withoutDigest(answer),
      body: Buffer.from('{"errors":[{"code":"UNKNOWN"}]}'),
    });
    await through(errorBody, async (resolve, proxy) => {
      await assert.rejects(
        resolve('index'),
        untrusted(proxy, 'index', /^JSON that is not a schema 2 manifest or index \(schemaVersion missing\)/),
      );
    });
  });

  it('a sha512 Docker-Content-Digest: hashes the GET body with sha256 (the pin) and checks the header with sha512', async () => {
    const sha512 = (answer: FaultAnswer) =>
      setHeaders({ 'docker-content-digest': hash(answer.body, 'sha512') })(answer);
    await through(sha512, async (resolve, proxy) => {
      assert.equal((await resolve('index')).digest, oracle.index);
      assert.deepEqual(methods(proxy), ['HEAD', 'GET']);
    });
    const lie512 = `sha512:${'ab'.repeat(64)}`;
    await through(setHeaders({ 'docker-content-digest': lie512 }), async (resolve, proxy) => {
      await assert.rejects(
        resolve('index'),
        untrusted(
          proxy,
          'index',
          new RegExp(`^a manifest whose bytes hash to sha512:[0-9a-f]{128}, not to the ${lie512}`),
        ),
      );
    });
  });

  it('a Content-Type that is not a manifest type: hashes the GET body, whose mediaType says what it is', async () => {
    await through(setHeaders({ 'content-type': 'application/octet-stream' }), async (resolve, proxy) => {
      assert.deepEqual(await resolve('index'), { digest: oracle.index, mediaType: OCI_INDEX });
      assert.deepEqual(methods(proxy), ['HEAD', 'GET']);
    });
  });

  it('a manifest served as another manifest type than its mediaType is refused when it is read', async () => {
    await through(
      setHeaders({ 'content-type': DOCKER_MANIFEST }),
      async (resolve, proxy) => {
        const what = new RegExp(
          `^a manifest whose mediaType ${OCI_INDEX.replaceAll('.', '\\.').replace('+', '\\+')} is not its Content-Type`,
        );
        await assert.rejects(resolve('index'), untrusted(proxy, 'index', what));
        assert.deepEqual(methods(proxy), ['GET']);
      },
      { verify: true },
    );
  });

  it('verify catches a header lie that looks valid; without it the HEAD is trusted', async () => {
    const lie = setHeaders({ 'docker-content-digest': LIE });
    await through(lie, async (resolve, proxy) => {
      assert.equal((await resolve('docker')).digest, LIE, 'a well-formed HEAD answer alone is taken at its word');
      assert.deepEqual(methods(proxy), ['HEAD']);
    });
    await through(
      lie,
      async (resolve, proxy) => {
        await assert.rejects(resolve('docker'), untrusted(proxy, 'docker', /^a manifest whose bytes hash to sha256:/));
        assert.deepEqual(methods(proxy), ['GET'], 'one GET, no HEAD');
      },
      { verify: true },
    );
    await through(
      (answer) => answer,
      async (resolve, proxy) => {
        assert.equal((await resolve('docker')).digest, oracle.docker);
        assert.deepEqual(methods(proxy), ['GET']);
      },
      { verify: true },
    );
  });

  it("a registry's verify setting applies to that registry", async () => {
    const proxy = await startFaultProxy(registry.url, [
      { match: manifests, rewrite: setHeaders({ 'docker-content-digest': LIE }) },
    ]);
    const client = new RegistryClient({ retries: 0, registries: { [proxy.host]: { verify: true } } });
    try {
      await assert.rejects(client.resolve({ domain: proxy.host, path: 'app', tag: 'docker', digest: null }), {
        reason: 'protocol',
      });
      assert.deepEqual(methods(proxy), ['GET']);
      assert.equal(
        (await client.resolve({ domain: registry.host, path: 'app', tag: 'docker', digest: null })).digest,
        oracle.docker,
      );
    } finally {
      await client.close();
      await proxy.stop();
    }
  });

  describe('on the command line', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'basepin-trust-'));
    });
    after(() => rm(dir, { recursive: true, force: true }));

    /** `pin` with `args` through a proxy applying `rewrite`: the exit code, stderr, and the Dockerfile after. */
    async function pin(rewrite: Rewrite, args: string[], config?: (host: string) => string) {
      const proxy = await startFaultProxy(registry.url, [{ match: manifests, rewrite }]);
      try {
        const dockerfile = `FROM ${proxy.host}/app:docker\n`;
        await writeFile(path.join(dir, 'Dockerfile'), dockerfile);
        await writeFile(path.join(dir, '.basepin.yaml'), config?.(proxy.host) ?? '{}\n');
        const run = await runBasepin(dir, ['pin', ...args], { PATH: process.env.PATH, HOME: dir });
        const after = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
        return { ...run, host: proxy.host, changed: after !== dockerfile, after };
      } finally {
        await proxy.stop();
      }
    }

    it('pin writes nothing for an HTML page and says why (exit 2)', async () => {
      const run = await pin(htmlPage, []);
      assert.equal(run.code, 2);
      assert.equal(run.changed, false);
      assert.match(
        run.stderr,
        new RegExp(
          `Dockerfile:1:6: error: registry ${run.host} answered ${run.host}/app:docker with a body that is not JSON`,
        ),
      );
    });

    it('pin --verify and registries.<host>.verify refuse a header lie; pin alone trusts it', async () => {
      const lie = setHeaders({ 'docker-content-digest': LIE });
      const trusted = await pin(lie, []);
      assert.equal(trusted.code, 0);
      assert.equal(trusted.after, `FROM ${trusted.host}/app:docker@${LIE}\n`);
      for (const run of [
        await pin(lie, ['--verify']),
        await pin(lie, [], (host) => `registries:\n  "${host}": { verify: true }\n`),
      ]) {
        assert.equal(run.code, 2, run.stderr);
        assert.equal(run.changed, false);
        assert.match(
          run.stderr,
          new RegExp(
            `registry ${run.host} answered ${run.host}/app:docker with a manifest whose bytes hash to ${oracle.docker}, not to the ${LIE}`,
          ),
        );
      }
      const verified = await pin((answer) => answer, ['--verify']);
      assert.equal(verified.after, `FROM ${verified.host}/app:docker@${oracle.docker}\n`);
    });
  });
});
