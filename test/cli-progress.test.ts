import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDirWith } from './support/files.js';
import { onPath } from './support/process.js';
import { pushDockerImage } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const BIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const run = promisify(execFile);

/** Runs basepin under a pseudo-terminal (util-linux `script`): what the terminal showed, stdout and stderr together. */
async function onTerminal(cwd: string, argv: string[], env: Record<string, string | undefined>): Promise<string> {
  const command = [process.execPath, BIN, ...argv].map((word) => `'${word}'`).join(' ');
  const result = await run('script', ['-qfec', command, '/dev/null'], { cwd, env: { ...process.env, ...env } }).catch(
    (error) => error,
  );
  return (result as { stdout: string }).stdout;
}

describe('progress on stderr, only on a terminal and only for a run longer than a moment', {
  skip: !onPath('script') && 'script (util-linux) is not installed',
}, () => {
  let registry: RunningRegistry;
  let slow: TcpProxy;
  let dir: string;

  before(async () => {
    registry = await startRegistry();
    await pushDockerImage({ url: registry.url }, 'base', '1');
    // 500 ms each way: the connection and the one lookup take about two seconds.
    slow = await startTcpProxy({ target: registry.host, latencyMs: 500 });
    dir = await tempDirWith('basepin-progress-', { Dockerfile: `FROM ${slow.host}/base:1\n` });
  });
  after(async () => {
    await slow?.stop();
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('a slow run on a terminal shows how many images were looked up, then erases the line', async () => {
    const shown = await onTerminal(dir, ['check'], { CI: '', NO_COLOR: '1' });
    assert.match(shown, /\rbasepin: looked up 0 of 1 image\u001b\[K/);
    assert.match(shown, /\rbasepin: looked up 1 of 1 image\u001b\[K\r\u001b\[K/);
    assert.match(shown, /1 reference: 1 unpinned/);
  });

  test('none in CI, none when piped, none for a quick run', async () => {
    assert.doesNotMatch(await onTerminal(dir, ['check'], { CI: 'true' }), /looked up/);
    const piped = await run(process.execPath, [BIN, 'check'], { cwd: dir, env: { ...process.env, CI: '' } }).catch(
      (error) => error,
    );
    assert.equal((piped as { stderr: string }).stderr, '');
    const quick = await tempDirWith('basepin-progress-quick-', { Dockerfile: `FROM ${registry.host}/base:1\n` });
    try {
      assert.doesNotMatch(await onTerminal(quick, ['check'], { CI: '' }), /looked up/);
    } finally {
      await rm(quick, { recursive: true, force: true });
    }
  });
});
