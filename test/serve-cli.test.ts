import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runBasepin } from './support/cli.js';
import { freePort } from './support/free-port.js';
import { createBareRepo, scratch } from './support/git.js';

const BIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

describe('the basepin serve command', () => {
  let root: Awaited<ReturnType<typeof scratch>>;

  before(async () => {
    root = await scratch('basepin-serve-cli-');
    const repo = await createBareRepo(root.dir, 'app', { Dockerfile: 'FROM alpine:3\n' });
    await writeFile(path.join(root.dir, 'basepin-dependents.yaml'), `dependents:\n  - repo: ${repo.url}\n`);
  });
  after(() => root?.remove());

  const inProcess = (env: Record<string, string>, ...argv: string[]) => runBasepin(root.dir, ['serve', ...argv], env);

  test('refuses to start without a secret unless --insecure-no-auth is given; bad options exit 2', async () => {
    const refused = await inProcess({});
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /set BASEPIN_WEBHOOK_SECRET to the webhook secret \(or pass --insecure-no-auth/);
    assert.match(
      (await inProcess({ BASEPIN_WEBHOOK_SECRET: 'x' }, '--listen', 'nowhere')).stderr,
      /--listen nowhere: must be HOST:PORT/,
    );
    assert.match(
      (await inProcess({ BASEPIN_WEBHOOK_SECRET: 'x' }, '--debounce', 'soon')).stderr,
      /--debounce soon: must be a duration/,
    );
    assert.match(
      (await inProcess({ BASEPIN_WEBHOOK_SECRET: 'x' }, '--registry-alias', 'a')).stderr,
      /--registry-alias a: must be HOST=NAME/,
    );
    const withSecret = (...argv: string[]) =>
      inProcess({ BASEPIN_WEBHOOK_SECRET: 'x' }, ...argv).then((run) => `${run.code} ${run.stderr}`);
    assert.match(
      await withSecret('--dispatch', 'cron'),
      /^2 .*--dispatch cron: must be one of local, github-actions, kubernetes/,
    );
    assert.match(await withSecret('--dispatch', 'github-actions'), /^2 .*needs --dispatch-repo OWNER\/NAME/);
    assert.match(
      await withSecret('--dispatch', 'github-actions', '--dispatch-repo', 'ops'),
      /^2 .*--dispatch-repo ops: must be OWNER\/NAME/,
    );
    assert.match(
      await withSecret('--dispatch', 'kubernetes', '--shards', '0'),
      /^2 .*--shards 0: must be a positive whole number/,
    );
    assert.match(await withSecret('--dispatch', 'kubernetes'), /^2 .*needs --job-template FILE/);
    await writeFile(path.join(root.dir, 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\n');
    assert.match(
      await withSecret('--dispatch', 'kubernetes', '--job-template', 'deployment.yaml'),
      /^2 .*--job-template deployment\.yaml: must be a batch\/v1 Job/,
    );
    const taken = await freePort().then((port) => ({ port, server: createServer().listen(port, '127.0.0.1') }));
    await once(taken.server, 'listening');
    try {
      const busy = await inProcess(
        { BASEPIN_WEBHOOK_SECRET: 'x' },
        '--listen',
        `127.0.0.1:${taken.port}`,
        '--resync',
        '0',
        '--workdir',
        'work',
      );
      assert.equal(busy.code, 2);
      assert.equal(
        busy.stderr,
        `basepin: cannot listen on 127.0.0.1:${taken.port}: address already in use (EADDRINUSE)\n`,
        'one line',
      );
    } finally {
      taken.server.close();
    }
  });

  for (const secret of ['s3cret-for-cli', undefined]) {
    test(`runs as a process ${secret ? 'with a secret' : 'with --insecure-no-auth'}, logs JSON, and stops cleanly on SIGTERM`, async () => {
      const port = await freePort();
      const args = [
        BIN,
        'serve',
        '--listen',
        `127.0.0.1:${port}`,
        '--resync',
        '0',
        '--workdir',
        'work',
        ...(secret ? [] : ['--insecure-no-auth']),
      ];
      const env = { ...process.env, ...(secret ? { BASEPIN_WEBHOOK_SECRET: secret } : {}) };
      if (!secret) delete env.BASEPIN_WEBHOOK_SECRET;
      const child = spawn(process.execPath, args, { cwd: root.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      const exited = once(child, 'exit');
      try {
        while (!stdout.includes('"msg":"listening"')) {
          if (child.exitCode !== null) throw new Error(`serve exited early: ${stdout}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const base = `http://127.0.0.1:${port}`;
        assert.equal((await fetch(`${base}/healthz`)).status, 200);
        const unauthenticated = await fetch(`${base}/hooks/registry`, { method: 'POST', body: '{"events":[]}' });
        assert.equal(unauthenticated.status, secret ? 401 : 202);
      } finally {
        child.kill('SIGTERM');
      }
      const [code] = await exited;
      assert.equal(code, 0);
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { level: string; msg: string; authentication?: boolean });
      assert.deepEqual(lines[0]!.authentication, secret !== undefined);
      assert.equal(lines.at(-1)!.msg, 'stopped');
      if (secret) assert.ok(!stdout.includes(secret), 'the secret is never logged');
    });
  }
});
