/**
 * Bounded time on a registry that accepts connections and never answers: each request ends at its timeout, a
 * timed-out request is retried once (not as often as a refused connection), the run's deadline cuts everything,
 * messages say how many attempts were made, and a run that waits long says which registry it is waiting on.
 * Times are asserted only as generous upper bounds.
 */

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RegistryClient, RegistryError, type Waiting } from '../src/registry/index.js';
import { runBasepin } from './support/cli.js';
import { writeCredentialHelper } from './support/credential-helper.js';
import { freePort } from './support/free-port.js';
import { startRegistry } from './support/registry.js';

/** A TCP server on 127.0.0.1 that accepts every connection, reads, and never sends a byte; it counts requests. */
async function startSilentServer(): Promise<{ host: string; requests: () => number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let received = '';
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    host: `127.0.0.1:${address.port}`,
    requests: () => received.split(/^(?:HEAD|GET) \//m).length - 1,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a registry that never answers', () => {
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  before(async () => {
    silent = await startSilentServer();
  });
  after(() => silent.stop());

  const image = (tag: string) => ({ domain: silent.host, path: 'app', tag, digest: null });

  it('fails at the request timeout, retried once, saying how many attempts were made', async () => {
    const client = new RegistryClient({ timeoutMs: 300, retries: 3 });
    const started = Date.now();
    const before = silent.requests();
    try {
      await assert.rejects(client.resolve(image('v1')), {
        reason: 'timeout',
        message: `registry ${silent.host} did not answer within 300 ms (2 attempts)`,
      });
    } finally {
      await client.close();
    }
    assert.ok(Date.now() - started < 10_000, 'finished well before 10 s');
    assert.equal(silent.requests() - before, 2, 'two attempts');
  });

  it("a registry's timeout setting applies to its requests", async () => {
    const client = new RegistryClient({
      timeoutMs: 60_000,
      retries: 0,
      registries: { [silent.host]: { timeoutMs: 200 } },
    });
    try {
      await assert.rejects(client.resolve(image('v1')), {
        message: `registry ${silent.host} did not answer within 200 ms`,
      });
    } finally {
      await client.close();
    }
  });

  it("the run's deadline cuts requests in flight and fails later ones at once", async () => {
    const client = new RegistryClient({ timeoutMs: 60_000, deadlineMs: 500 });
    const started = Date.now();
    try {
      const lookups = ['a', 'b', 'c'].map((tag) => client.resolve(image(tag)));
      for (const lookup of lookups) {
        await assert.rejects(lookup, (error: unknown) => {
          assert.ok(error instanceof RegistryError);
          assert.equal(error.reason, 'timeout');
          assert.match(
            error.message,
            new RegExp(`^registry ${silent.host} did not answer before the run's deadline \\(500 ms\\)`),
          );
          return true;
        });
      }
      await assert.rejects(client.resolve(image('later')), /did not answer before the run's deadline/);
    } finally {
      await client.close();
    }
    assert.ok(Date.now() - started < 10_000, 'finished well before 10 s');
  });

  it('says which registry it is waiting on, and for how many lookups', async () => {
    const notices: Waiting[] = [];
    const waiting = { afterMs: 100, everyMs: 60_000, notify: (notice: Waiting) => notices.push(notice) };
    const client = new RegistryClient({ timeoutMs: 1500, retries: 0, waiting });
    try {
      const lookups = ['a', 'b'].map((tag) => assert.rejects(client.resolve(image(tag)), { reason: 'timeout' }));
      await Promise.all(lookups);
    } finally {
      await client.close();
    }
    assert.equal(notices.length, 1, JSON.stringify(notices));
    assert.equal(notices[0]!.host, silent.host);
    assert.equal(notices[0]!.lookups, 2);
    assert.ok(notices[0]!.waitedMs >= 100);
  });

  describe('on the command line', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'basepin-stalled-'));
      await writeFile(path.join(dir, 'Dockerfile'), `FROM ${silent.host}/app:v1\n`);
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('check --timeout fails within two timeouts, and says what it is waiting on meanwhile', async () => {
      const started = Date.now();
      const run = await runBasepin(dir, ['check', '--timeout', '3.5s'], { PATH: process.env.PATH, HOME: dir });
      assert.ok(Date.now() - started < 30_000, 'finished well before 30 s');
      assert.equal(run.code, 2);
      assert.match(
        run.stderr,
        new RegExp(`^basepin: still waiting on ${silent.host.replaceAll('.', '\\.')} \\(1 lookup, 5 s\\)$`, 'm'),
      );
      assert.match(
        run.stderr,
        new RegExp(`error: registry ${silent.host} did not answer within 3\\.5 s \\(2 attempts\\)(;|$)`, 'm'),
      );
    });

    it('check --deadline ends the run at the deadline', async () => {
      const started = Date.now();
      const run = await runBasepin(dir, ['check', '--deadline', '1s'], { PATH: process.env.PATH, HOME: dir });
      assert.ok(Date.now() - started < 8_000, 'finished well before the 10 s request timeout');
      assert.equal(run.code, 2);
      assert.match(run.stderr, /did not answer before the run's deadline \(1 s\)/);
    });

    it('a --timeout or --deadline that is no duration is a usage error', async () => {
      for (const args of [
        ['--timeout', 'soon'],
        ['--deadline', '0'],
      ]) {
        const run = await runBasepin(dir, ['check', ...args], { PATH: process.env.PATH, HOME: dir });
        assert.equal(run.code, 2);
        assert.match(run.stderr, new RegExp(`${args[0]} ${args[1]}: must be a duration`));
      }
    });
  });
});

describe('a credential helper that takes longer than the deadline', () => {
  it('is cut by the deadline too', async () => {
    const registry = await startRegistry({ htpasswd: { user: 'ci', password: 'secret' } });
    const dir = await mkdtemp(path.join(tmpdir(), 'basepin-slow-helper-'));
    try {
      await mkdir(path.join(dir, 'bin'));
      await writeCredentialHelper(path.join(dir, 'bin'), 'slow', { credentials: {}, delaySeconds: 20 });
      await writeFile(path.join(dir, 'config.json'), JSON.stringify({ credHelpers: { [registry.host]: 'slow' } }));
      const env = { DOCKER_CONFIG: dir, PATH: `${path.join(dir, 'bin')}:${process.env.PATH}` };
      const client = new RegistryClient({ retries: 0, env, deadlineMs: 1000 });
      const started = Date.now();
      try {
        await assert.rejects(client.resolve({ domain: registry.host, path: 'app', tag: 'v1', digest: null }), {
          reason: 'timeout',
          message: `registry ${registry.host} did not answer before the run's deadline (1 s)`,
        });
      } finally {
        await client.close();
      }
      assert.ok(Date.now() - started < 10_000, 'finished well before the helper would have answered');
    } finally {
      await rm(dir, { recursive: true, force: true });
      await registry.stop();
    }
  });
});

describe('a registry that refuses connections', () => {
  it('is retried more often than a stalled one, and the message says how often', async () => {
    const host = `127.0.0.1:${await freePort()}`;
    const client = new RegistryClient({ retries: 2 });
    try {
      await assert.rejects(client.resolve({ domain: host, path: 'app', tag: 'v1', digest: null }), {
        reason: 'unreachable',
        message: `cannot reach registry ${host}: connect ECONNREFUSED (3 attempts)`,
      });
    } finally {
      await client.close();
    }
  });
});
