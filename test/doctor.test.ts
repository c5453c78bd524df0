import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { emptyConfig } from '../src/config/types.js';
import { doctor, EngineClient, parseEngineHost } from '../src/engine/index.js';
import { RegistryClient } from '../src/registry/index.js';
import { runBasepin } from './support/cli.js';
import { writeFiles } from './support/files.js';
import { podmanSkipReason, startPodman, type RunningPodman } from './support/podman.js';
import { pushDockerImage, pushOciIndex, repushTag, type Pushed } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { skopeoDigest } from './support/skopeo.js';

interface DoctorJson {
  engine: { endpoint: string; source: string; os: string; architecture: string };
  references: Array<{
    file: string | null;
    image: string;
    status: string;
    pinned: string | null;
    cached: string[] | null;
    current: string | null;
    currentPlatform: string | null;
    pulled: boolean;
    message: string | null;
  }>;
  errors: unknown[];
}

/** Run the CLI in process with `env` as its whole environment; output is captured. */
const basepin = (cwd: string, env: Record<string, string>, ...argv: string[]) => runBasepin<DoctorJson>(cwd, argv, env);

const skip = podmanSkipReason();
const USER = 'doctor-user';
const PASSWORD = 'doctor-Pa55';

describe('doctor against podman’s Docker-compatible engine and a real registry', { skip }, () => {
  let registry: RunningRegistry;
  /** The same images as `registry`, behind Basic auth. */
  let guarded: RunningRegistry;
  let podman: RunningPodman | undefined;
  let startFailure: string | undefined;
  let host: string;
  let dir: string;
  let env: Record<string, string>;
  const images: Record<string, Pushed> = {};

  before(async () => {
    registry = await startRegistry();
    guarded = await startRegistry({ htpasswd: { user: USER, password: PASSWORD }, sameStorageAs: registry });
    host = registry.host;
    images.base = await pushDockerImage({ url: registry.url }, 'base', '1');
    images.multi = await pushOciIndex({ url: registry.url }, 'multi', '2');
    images.pinned = await pushDockerImage({ url: registry.url }, 'pinned', '3');
    dir = await mkdtemp(path.join(tmpdir(), 'basepin-doctor-'));
    try {
      podman = await startPodman([host, guarded.host]);
    } catch (error) {
      // As root podman must run (CI installs it); elsewhere, e.g. rootless without subordinate IDs, it may not.
      if (process.getuid?.() === 0) throw error;
      startFailure = `podman cannot run here: ${(error as Error).message}`;
    }
    env = { DOCKER_HOST: podman?.url ?? '', HOME: dir };
  });
  after(async () => {
    await podman?.stop();
    await registry?.stop();
    await guarded?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** The running engine, or a skip of this test saying why there is none. */
  const engine = (t: TestContext): RunningPodman | undefined => {
    if (podman === undefined) t.skip(startFailure);
    return podman;
  };

  const project = async (name: string, files: Record<string, string>) => {
    const root = path.join(dir, name);
    await writeFiles(root, files);
    return root;
  };

  test('the co-worker scenario: cached, base re-pushed, doctor says stale, doctor --pull makes it fresh', async (t) => {
    const podman = engine(t);
    if (podman === undefined) return;
    const app = await project('coworker', {
      Dockerfile: `FROM ${host}/base:1 AS build\nRUN make\n`,
      'compose.yaml': `services:\n  app:\n    image: ${host}/base:1\n`,
    });
    await podman.client('pull', '-q', `${host}/base:1`);

    const fresh = await basepin(app, env, 'doctor', '--json');
    assert.equal(fresh.code, 0, fresh.stderr);
    const report = fresh.json();
    assert.equal(report.engine.endpoint, podman.url);
    assert.equal(report.engine.source, 'DOCKER_HOST');
    assert.deepEqual(
      report.references.map((ref) => [ref.file, ref.status, ref.cached, ref.current]),
      [
        ['Dockerfile', 'fresh', [images.base!.digest], images.base!.digest],
        ['compose.yaml', 'fresh', [images.base!.digest], images.base!.digest],
      ],
    );

    const moved = await repushTag({ url: registry.url }, 'base', '1');
    const stale = await basepin(app, env, 'doctor');
    assert.equal(stale.code, 1, stale.stdout + stale.stderr);
    assert.match(
      stale.stdout,
      new RegExp(
        `^stale +Dockerfile:1:6 +${host}/base:1 +cached ${images.base!.digest.slice(0, 19)}; registry has ${moved.digest.slice(0, 19)}$`,
        'm',
      ),
    );
    assert.match(
      stale.stdout,
      /^2 references: 2 stale; engine unix:\/\/.*\(linux\/amd64\)\nbasepin doctor --pull pulls the stale images$/m,
    );

    const pull = await basepin(app, env, 'doctor', '--pull', '--json');
    assert.equal(pull.code, 0, pull.stderr);
    assert.equal(pull.stderr, `basepin: pulling ${host}/base:1\n`, 'one pull for the two references to the same tag');
    assert.deepEqual(
      pull.json().references.map((ref) => [ref.status, ref.pulled, ref.cached?.includes(moved.digest), ref.current]),
      [
        ['fresh', true, true, moved.digest],
        ['fresh', true, true, moved.digest],
      ],
    );
    // Independent oracles: podman's own client sees the new digest under the tag, and skopeo agrees it is the tag's.
    const digests = await podman.client('image', 'inspect', '--format', '{{json .RepoDigests}}', `${host}/base:1`);
    assert.ok((JSON.parse(digests) as string[]).includes(`${host}/base@${moved.digest}`), digests);
    assert.equal(await skopeoDigest(`${host}/base:1`), moved.digest);

    const again = await basepin(app, env, 'doctor');
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /^2 references: 2 fresh;/m);
  });

  test('--pull sends the engine the credentials docker pull would use: those of config.json', async (t) => {
    const podman = engine(t);
    if (podman === undefined) return;
    const image = `${guarded.host}/private:1`;
    await pushDockerImage({ url: registry.url }, 'private', '1');
    await podman.client('pull', '-q', '--creds', `${USER}:${PASSWORD}`, image);
    const moved = await repushTag({ url: registry.url }, 'private', '1');
    const dockerConfig = await project('docker-config', {
      'config.json': JSON.stringify({
        auths: { [guarded.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } },
      }),
    });
    const env = { DOCKER_CONFIG: dockerConfig };
    const registryClient = new RegistryClient({ env, retries: 0 });
    try {
      const report = await doctor({
        cwd: dir,
        paths: [],
        images: [image],
        config: emptyConfig,
        engine: new EngineClient(parseEngineHost(podman.url, 'test')),
        registry: registryClient,
        pull: true,
        env,
      });
      const [entry] = report.entries;
      assert.deepEqual([entry!.status, entry!.pulled, entry!.message], ['fresh', true, undefined]);
      assert.ok(entry!.cached?.includes(moved.digest), `cached ${entry!.cached}`);
    } finally {
      await registryClient.close();
    }
  });

  test('a multi-platform tag is fresh by its index digest, and stale once the index moves', async (t) => {
    const podman = engine(t);
    if (podman === undefined) return;
    await podman.client('pull', '-q', `${host}/multi:2`);
    const app = await project('multi', { Dockerfile: `FROM ${host}/multi:2\n` });

    const fresh = await basepin(app, env, 'doctor', '--json');
    assert.equal(fresh.code, 0, fresh.stderr);
    const [entry] = fresh.json().references;
    assert.equal(entry!.status, 'fresh');
    // podman records both the index and the platform image it pulled; the index digest alone proves it current.
    assert.deepEqual(new Set(entry!.cached), new Set([images.multi!.digest, images.multi!.children[0]!.digest]));
    assert.equal(entry!.currentPlatform, null, 'no index fetched when the cache names the index');

    const moved = await pushOciIndex({ url: registry.url }, 'multi', '2', { seed: 'multi:2 rebuilt' });
    const stale = await basepin(app, env, 'doctor', '--json');
    assert.equal(stale.code, 1);
    const [after] = stale.json().references;
    assert.deepEqual(
      [after!.status, after!.current, after!.currentPlatform],
      ['stale', moved.digest, moved.children[0]!.digest],
    );

    const pull = await basepin(app, env, 'doctor', '--pull', '--json');
    assert.equal(pull.code, 0, pull.stderr);
    assert.deepEqual(
      pull.json().references.map((ref) => [ref.status, ref.pulled]),
      [['fresh', true]],
    );
  });

  test('missing, mismatch, skipped, and references given with --image', async (t) => {
    const podman = engine(t);
    if (podman === undefined) return;
    await podman.client('pull', '-q', `${host}/pinned:3`);
    const otherDigest = images.base!.digest;
    const app = await project('statuses', {
      Dockerfile: [
        `FROM ${host}/pinned:3@${otherDigest}`,
        `FROM ${host}/pinned:3@${images.pinned!.digest} AS ok`,
        'ARG X',
        'FROM ${X}',
        '',
      ].join('\n'),
    });
    const result = await basepin(
      app,
      env,
      'doctor',
      '--json',
      '.',
      '--image',
      `${host}/multi:2`,
      '--image',
      `${host}/never:1`,
    );
    assert.equal(result.code, 2, 'the never-pushed tag cannot be resolved');
    const refs = result.json().references;
    assert.deepEqual(
      refs.map((ref) => [ref.file, ref.status]),
      [
        ['Dockerfile', 'mismatch'],
        ['Dockerfile', 'fresh'],
        ['Dockerfile', 'skipped'],
        [null, 'fresh'],
        [null, 'error'],
      ],
    );
    assert.deepEqual([refs[0]!.pinned, refs[0]!.current], [otherDigest, images.pinned!.digest]);
    assert.match(refs[4]!.message!, /not found/);

    const human = await basepin(app, env, 'doctor', '--image', `${host}/pinned:3`, '--image', `${host}/base:1`);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^fresh +--image +\S+\/pinned:3 /m);
    await podman.client('rmi', `${host}/base:1`);
    const missing = await basepin(app, env, 'doctor', '--image', `${host}/base:1`, '--json');
    assert.equal(missing.code, 0, 'a tag that is not cached cannot be stale');
    assert.equal(missing.json().references[0]!.status, 'missing');
  });

  test('the engine is found through the Docker context when DOCKER_HOST is not set', async (t) => {
    const podman = engine(t);
    if (podman === undefined) return;
    const home = await project('home', {
      '.docker/config.json': JSON.stringify({ currentContext: 'podman' }),
      [`.docker/contexts/meta/${createHash('sha256').update('podman').digest('hex')}/meta.json`]: JSON.stringify({
        Name: 'podman',
        Endpoints: { docker: { Host: podman.url, SkipTLSVerify: false } },
      }),
    });
    const result = await basepin(home, { HOME: home }, 'doctor', '--json', '--image', `${host}/pinned:3`);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      [result.json().engine.source, result.json().engine.endpoint],
      ['docker context "podman"', podman.url],
    );
  });

  test('exit 2 with a message saying which side cannot be reached, and how to point basepin at the engine', async () => {
    const app = await project('unreachable', { Dockerfile: `FROM ${host}/base:1\n` });
    const noEngine = await basepin(app, { DOCKER_HOST: `unix://${dir}/nothing.sock`, HOME: dir }, 'doctor');
    assert.equal(noEngine.code, 2);
    assert.equal(noEngine.stdout, '');
    assert.match(
      noEngine.stderr,
      /^basepin: cannot reach the container engine at unix:\/\/\S+nothing\.sock \(from DOCKER_HOST\): no such socket; point basepin at your engine with DOCKER_HOST/,
    );

    const unsupported = await basepin(app, { DOCKER_HOST: 'ssh://me@host', HOME: dir }, 'doctor');
    assert.equal(unsupported.code, 2);
    assert.match(unsupported.stderr, /DOCKER_HOST: ssh:\/\/ engine addresses are not supported/);
  });

  test('a registry that cannot be reached is an error of its references: exit 2, the others still reported', async (t) => {
    if (engine(t) === undefined) return;
    const app = await project('no-registry', { Dockerfile: `FROM 127.0.0.1:1/gone:1\nFROM ${host}/pinned:3 AS ok\n` });
    const result = await basepin(app, env, 'doctor');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^Dockerfile:1:6: error: cannot reach registry 127\.0\.0\.1:1/m);
    assert.match(result.stdout, /^fresh +Dockerfile:2:6 /m);
  });
});
