/**
 * What happens to the files when they change while basepin waits on the registry: a slow link (a TCP proxy with
 * latency in front of the real registry) holds every run between reading its files and writing them, and the test
 * edits or swaps a file in that window. basepin must never lose the edit nor write anywhere but the file it read.
 */

import assert from 'node:assert/strict';
import { appendFile, lstat, mkdir, readFile, rename, rm, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { emptyConfig } from '../src/config/types.js';
import { RegistryClient } from '../src/registry/index.js';
import { run, type Report } from '../src/run.js';
import { runBasepin, type CliRun } from './support/cli.js';
import { tempDirWith } from './support/files.js';
import { pushDockerImage, type Pushed } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

interface CliJson {
  references: { file: string; status: string; changed: boolean }[];
  errors: { file: string; line: number; column: number; message: string }[];
}

const CHANGED = 'changed while basepin was running; run again';

describe('files changed while basepin waits on the registry', () => {
  let registry: RunningRegistry;
  let base: Pushed;
  const cleanups: (() => Promise<unknown>)[] = [];
  const temp = async (prefix: string, files: Record<string, string> = {}) => {
    const dir = await tempDirWith(prefix, files);
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };

  before(async () => {
    registry = await startRegistry();
    base = await pushDockerImage({ url: registry.url }, 'base', '1');
  });
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
    await registry?.stop();
  });

  /** A new slow link to the registry: each chunk is held 500 ms each way, a new connection waits a second. */
  async function slowLink(): Promise<{ proxy: TcpProxy; from: string; pinned: string }> {
    const proxy = await startTcpProxy({ target: registry.host, latencyMs: 500 });
    cleanups.push(() => proxy.stop());
    return { proxy, from: `FROM ${proxy.host}/base:1\n`, pinned: `FROM ${proxy.host}/base:1@${base.digest}\n` };
  }

  /**
   * Starts `running` and calls `meanwhile` as soon as basepin connects to the proxy: every file has been read by then
   * (lookups start after the scan), and the first answer is still a second away.
   */
  async function duringLookups<T>(
    proxy: TcpProxy,
    running: () => Promise<T>,
    meanwhile: () => Promise<void>,
  ): Promise<T> {
    const connections = proxy.connections;
    const result = running();
    while (proxy.connections === connections) await sleep(2);
    await meanwhile();
    return result;
  }

  const pin =
    (dir: string, ...args: string[]) =>
    () =>
      runBasepin<CliJson>(dir, ['pin', '--json', ...args]);
  const read = (file: string) => readFile(file, 'utf8');

  function assertChanged(result: CliRun<CliJson>, file: string): void {
    assert.equal(result.code, 2, result.stderr);
    assert.deepEqual(result.json().errors, [{ file, line: 0, column: 0, message: CHANGED }]);
    const entry = result.json().references.find((one) => one.file === file);
    assert.equal(entry?.changed, false, 'its reference is not reported as written');
  }

  test('an edit made while basepin waits is kept: that file is left alone and named, the others are written', async () => {
    const { proxy, from, pinned } = await slowLink();
    const dir = await temp('basepin-edit-', { 'app/Dockerfile': from, 'other/Dockerfile': from });
    const result = await duringLookups(proxy, pin(dir), () =>
      appendFile(path.join(dir, 'app/Dockerfile'), 'RUN echo mine\n'),
    );
    assertChanged(result, 'app/Dockerfile');
    assert.equal(await read(path.join(dir, 'app/Dockerfile')), `${from}RUN echo mine\n`, 'the edit is still there');
    assert.equal(await read(path.join(dir, 'other/Dockerfile')), pinned);

    // Human output names the file on stderr; running again pins the edited text.
    const edit = () => appendFile(path.join(dir, 'app/Dockerfile'), '# 2\n');
    const human = await duringLookups(proxy, () => runBasepin(dir, ['pin']), edit);
    assert.equal(human.code, 2);
    assert.match(human.stderr, new RegExp(`^app/Dockerfile: error: ${CHANGED}$`, 'm'));
    const again = await runBasepin<CliJson>(dir, ['pin', '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(await read(path.join(dir, 'app/Dockerfile')), `${pinned}RUN echo mine\n# 2\n`);
  });

  test('an edit that keeps the size and the time stamp is caught too (the content is compared)', async () => {
    const { proxy, from } = await slowLink();
    const dir = await temp('basepin-same-size-', { Dockerfile: from });
    const file = path.join(dir, 'Dockerfile');
    const { mtime } = await lstat(file);
    const edited = from.replace('FROM', 'from');
    const result = await duringLookups(proxy, pin(dir), async () => {
      await writeFile(file, edited);
      await utimes(file, mtime, mtime);
    });
    assertChanged(result, 'Dockerfile');
    assert.equal(await read(file), edited);
  });

  test('a file swapped for a link to a file outside the repository: the outside file is never written', async () => {
    const { proxy, from } = await slowLink();
    const outside = await temp('basepin-outside-', { Dockerfile: from });
    const dir = await temp('basepin-swap-', { '.git/HEAD': '', Dockerfile: from });
    const result = await duringLookups(proxy, pin(dir), async () => {
      await unlink(path.join(dir, 'Dockerfile'));
      await symlink(path.join(outside, 'Dockerfile'), path.join(dir, 'Dockerfile'));
    });
    assertChanged(result, 'Dockerfile');
    assert.equal(await read(path.join(outside, 'Dockerfile')), from, 'the file outside is untouched');
    assert.ok((await lstat(path.join(dir, 'Dockerfile'))).isSymbolicLink(), 'the link is left as the user made it');
  });

  test('a directory on the way swapped for a link to a directory outside: nothing is written there', async () => {
    const { proxy, from } = await slowLink();
    const outside = await temp('basepin-outside-', { Dockerfile: from });
    const dir = await temp('basepin-swap-dir-', { '.git/HEAD': '', 'app/Dockerfile': from });
    const result = await duringLookups(proxy, pin(dir), async () => {
      await rename(path.join(dir, 'app'), path.join(dir, 'app.old'));
      await symlink(outside, path.join(dir, 'app'));
    });
    assertChanged(result, 'app/Dockerfile');
    assert.equal(await read(path.join(outside, 'Dockerfile')), from, 'the file outside is untouched');
    assert.equal(await read(path.join(dir, 'app.old/Dockerfile')), from);
  });

  test('a link inside the repository retargeted meanwhile: the file that was read is the one written', async () => {
    const { proxy, from, pinned } = await slowLink();
    const dir = await temp('basepin-retarget-', { '.git/HEAD': '', 'base.Dockerfile': from, 'other.Dockerfile': from });
    await symlink('base.Dockerfile', path.join(dir, 'Dockerfile'));
    const result = await duringLookups(proxy, pin(dir, 'Dockerfile'), async () => {
      await unlink(path.join(dir, 'Dockerfile'));
      await symlink('other.Dockerfile', path.join(dir, 'Dockerfile'));
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await read(path.join(dir, 'base.Dockerfile')), pinned, 'the file read gets its pin');
    assert.equal(await read(path.join(dir, 'other.Dockerfile')), from, 'the one the link leads to now was never read');
  });

  test('a file found by two paths (a link and its target) is written once, and both say so', async () => {
    const from = `FROM ${registry.host}/base:1\n`;
    const dir = await temp('basepin-two-paths-', { '.git/HEAD': '', 'docker/Dockerfile.prod': from });
    await symlink('docker/Dockerfile.prod', path.join(dir, 'Dockerfile'));
    const result = await runBasepin<CliJson>(dir, ['pin', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const changed = result.json().references.map((one) => [one.file, one.changed]);
    assert.deepEqual(changed, [
      ['Dockerfile', true],
      ['docker/Dockerfile.prod', true],
    ]);
    assert.equal(await read(path.join(dir, 'docker/Dockerfile.prod')), `FROM ${registry.host}/base:1@${base.digest}\n`);
    assert.ok((await lstat(path.join(dir, 'Dockerfile'))).isSymbolicLink());
  });

  test('confined to a clone (propagate), a swap that leads out of it is refused at write time', async () => {
    const { proxy, from } = await slowLink();
    const outside = await temp('basepin-outside-', { Dockerfile: from });
    const clone = await temp('basepin-clone-', { 'svc/Dockerfile': from });
    await mkdir(path.join(clone, '.git'));
    const resolver = new RegistryClient({ retries: 0 });
    let report: Report;
    try {
      report = await duringLookups(
        proxy,
        () => run({ command: 'pin', cwd: clone, paths: [], config: emptyConfig, resolver, confineTo: clone }),
        async () => {
          await rename(path.join(clone, 'svc'), path.join(clone, 'svc.old'));
          await symlink(outside, path.join(clone, 'svc'));
        },
      );
    } finally {
      await resolver.close();
    }
    assert.deepEqual(report.problems, [{ file: 'svc/Dockerfile', line: 0, column: 0, message: CHANGED }]);
    assert.deepEqual(report.changes, []);
    assert.equal(await read(path.join(outside, 'Dockerfile')), from);
  });
});
