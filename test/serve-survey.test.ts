/**
 * What a propagation in `basepin serve` costs: the dependents are served by a real `git daemon`, which logs every
 * request it serves (`upload-pack` for an ls-remote or a fetch, `receive-pack` for a push), so the test counts the
 * git requests each repository received. The registry's answers come from a table: this is about git traffic.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dependent } from '../src/dependents/index.js';
import { DEFAULT_AUTHOR } from '../src/git/index.js';
import { repositoryName } from '../src/reference/index.js';
import type { Resolver } from '../src/run.js';
import { jsonLogger } from '../src/serve/log.js';
import { startService, type Service } from '../src/serve/service.js';
import { freePort } from './support/free-port.js';
import { createBareRepo, scratch, type BareRepo } from './support/git.js';
import { collectOutput, stopProcess, waitUntilReady } from './support/process.js';
import { noImageReads } from './support/no-image-reads.js';

interface GitDaemon {
  /** `git://127.0.0.1:PORT` */
  url: string;
  /** Every request served, in order: `upload-pack NAME.git` or `receive-pack NAME.git`. */
  readonly requests: string[];
  stop(): Promise<void>;
}

/** `git daemon` on loopback serving every repository under `root`, pushes included. */
async function startGitDaemon(root: string): Promise<GitDaemon> {
  const port = await freePort();
  const args = [
    'daemon',
    '--reuseaddr',
    '--listen=127.0.0.1',
    `--port=${port}`,
    `--base-path=${root}`,
    '--export-all',
    '--enable=receive-pack',
    '--verbose',
    '--log-destination=stderr',
    root,
  ];
  const child = spawn('git', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const requests: string[] = [];
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
    for (const match of log.matchAll(/Request (upload-pack|receive-pack) for '\/([^']+)'/g))
      requests.push(`${match[1]} ${match[2]}`);
    log = log.slice(log.lastIndexOf('\n') + 1);
  });
  const output = collectOutput(child);
  const answers = async () => output().includes('Ready to rumble');
  await waitUntilReady(child, { name: 'git daemon', address: `127.0.0.1:${port}`, timeoutMs: 10_000, answers, output });
  return { url: `git://127.0.0.1:${port}`, requests, stop: () => stopProcess(child) };
}

/** Polls `check` until it returns true. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const BASE = 'registry.test/platform/base:2';
const OTHER = 'registry.test/team/other:1';
const digest = (n: number) => `sha256:${String(n).repeat(64)}`;

describe('basepin serve visits only the dependents that use the image', () => {
  let root: Awaited<ReturnType<typeof scratch>>;
  let daemon: GitDaemon;
  let dependents: Dependent[];
  let service: Service;
  const repos: Record<'base' | 'other' | 'neither', BareRepo> = {} as never;
  const logs: string[] = [];
  /** What the registry says each tag points at. */
  const tags = new Map([
    [BASE, digest(2)],
    [OTHER, digest(5)],
    ['registry.test/nobody/uses:1', digest(7)],
  ]);
  const resolver: Resolver = {
    ...noImageReads,
    resolve: async (ref) => {
      const found = tags.get(`${repositoryName(ref)}:${ref.tag}`);
      if (found === undefined) throw new Error(`no such tag: ${repositoryName(ref)}:${ref.tag}`);
      return { digest: found, mediaType: 'application/vnd.oci.image.manifest.v1+json' }; // single images: no reads
    },
  };

  const metric = async (name: string) => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  };
  const settled = () =>
    until('propagations to settle', async () => (await metric('basepin_propagations_pending')) === 0);
  /** Waits until the daemon has logged nothing new for a moment, then returns how many requests it has logged. */
  const quiet = async () => {
    let count = -1;
    while (count !== daemon.requests.length) {
      count = daemon.requests.length;
      await sleep(150);
    }
    return count;
  };
  /** The requests since `from`, per repository. */
  const requestsSince = (from: number) => {
    const counts: Record<string, string[]> = {};
    for (const request of daemon.requests.slice(from)) {
      const [kind, repo] = request.split(' ') as [string, string];
      (counts[repo] ??= []).push(kind);
    }
    return counts;
  };
  const start = () =>
    startService({
      listen: { host: '127.0.0.1', port: 0 },
      secret: undefined,
      aliases: new Map(),
      debounceMs: 50,
      resyncMs: 60_000,
      dependents,
      resolver,
      workdir: path.join(root.dir, 'work'),
      concurrency: 4,
      author: DEFAULT_AUTHOR,
      env: {},
      log: jsonLogger({ write: (line: string) => logs.push(line) }),
    });
  /** Waits for the resync at start and the propagations it queued. */
  const startUpResync = async () => {
    await until('the start-up resync', async () => (await metric('basepin_resyncs_total')) === 1);
    await settled();
  };
  const hook = (repository: string, tag: string) =>
    fetch(`${service.url}/hooks/registry`, {
      method: 'POST',
      body: JSON.stringify({
        events: [
          {
            action: 'push',
            target: { repository, tag, url: `https://registry.test/v2/${repository}/manifests/${tag}` },
          },
        ],
      }),
    });

  before(async () => {
    root = await scratch('basepin-serve-survey-');
    repos.base = await createBareRepo(root.dir, 'uses-base', { Dockerfile: `FROM ${BASE}@${digest(1)}\n` });
    repos.other = await createBareRepo(root.dir, 'uses-other', { Dockerfile: `FROM ${OTHER}@${digest(5)}\n` });
    repos.neither = await createBareRepo(root.dir, 'uses-neither', { Dockerfile: 'FROM alpine:3\n' });
    daemon = await startGitDaemon(root.dir);
    // `late` does not exist yet: the survey cannot read it.
    dependents = ['uses-base', 'uses-other', 'uses-neither', 'late'].map((name) => ({
      repo: `${daemon.url}/${name}.git`,
      mode: 'push',
      paths: ['.'],
      publishes: [],
    }));
    service = await start();
  });
  after(async () => {
    await service?.close();
    await daemon?.stop();
    await root?.remove();
  });

  test('the resync at start surveys each dependent once and propagates each pinned image only where it is used', async () => {
    await startUpResync();
    await quiet();
    assert.equal(await repos.base.read('main', 'Dockerfile'), `FROM ${BASE}@${digest(2)}\n`);
    const requests = requestsSince(0);
    // The survey: an ls-remote and a fetch in each. Then BASE's propagation fetches and pushes uses-base, OTHER's
    // fetches uses-other (already current); each also tries `late`, which the survey could not read.
    assert.deepEqual(requests['uses-neither.git'], ['upload-pack', 'upload-pack']);
    assert.deepEqual(requests['uses-other.git'], ['upload-pack', 'upload-pack', 'upload-pack', 'upload-pack']);
    assert.deepEqual(requests['uses-base.git']?.sort(), [
      'receive-pack',
      'upload-pack',
      'upload-pack',
      'upload-pack',
      'upload-pack',
    ]);
    assert.equal(requests['late.git']?.length, 3, 'the survey, then one attempt per propagation');
    assert.equal(await metric('basepin_propagations_total'), 2);
  });

  test("a webhook's propagation asks only the dependents that use the image, and those the survey could not read", async () => {
    const late = await createBareRepo(root.dir, 'late', { Dockerfile: `FROM ${BASE}@${digest(1)}\n` });
    tags.set(BASE, digest(3));
    const from = await quiet();
    assert.equal((await hook('platform/base', '2')).status, 202);
    await until(
      'uses-base to move',
      async () => (await repos.base.read('main', 'Dockerfile')) === `FROM ${BASE}@${digest(3)}\n`,
    );
    await until('late to move', async () => (await late.read('main', 'Dockerfile')) === `FROM ${BASE}@${digest(3)}\n`);
    await settled();
    assert.deepEqual(
      Object.keys(requestsSince(from)).sort(),
      ['late.git', 'uses-base.git'],
      'not uses-other, not uses-neither',
    );
    assert.equal((await repos.other.log('main')).length, 1);
  });

  test('once every dependent is surveyed, a push of an image nobody uses costs no git request', async () => {
    await service.close();
    service = await start();
    await startUpResync();
    const propagations = await metric('basepin_propagations_total');
    const from = await quiet();
    assert.equal((await hook('nobody/uses', '1')).status, 202);
    await until(
      'the propagation to run',
      async () => (await metric('basepin_propagations_total')) === propagations + 1,
    );
    await settled();
    await quiet();
    assert.deepEqual(requestsSince(from), {});
    assert.ok(
      logs.some(
        (line) =>
          line.includes('"msg":"no dependent uses the image"') &&
          line.includes('"image":"registry.test/nobody/uses:1"'),
      ),
    );
  });
});
