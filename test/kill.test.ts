/**
 * A `pin` killed with SIGKILL while it writes leaves no file half-written, and the temporary files it leaves behind
 * (`.NAME.basepin-PID-RANDOM`) are removed by the next run that writes; a live writer's are not.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runBasepin } from './support/cli.js';
import { tempDirWith } from './support/files.js';
import { pushDockerImage, type Pushed } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';

const BIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const FILES = 40;
/** Each file is half a megabyte of comments after its FROM line: writing and flushing it takes a while. */
const PADDING = `${'#'.repeat(1023)}\n`.repeat(512);
const TEMPORARY = /^\..+\.basepin-/;

describe('files after a kill', () => {
  let registry: RunningRegistry;
  let base: Pushed;
  const dirs: string[] = [];

  before(async () => {
    registry = await startRegistry();
    base = await pushDockerImage({ url: registry.url }, 'base', '1');
  });
  after(async () => {
    await registry?.stop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  const original = () => `FROM ${registry.host}/base:1\n${PADDING}`;
  const pinned = () => `FROM ${registry.host}/base:1@${base.digest}\n${PADDING}`;

  async function project(): Promise<string> {
    const files = Object.fromEntries(
      Array.from({ length: FILES }, (_, index) => [`d/Dockerfile.${index}`, original()]),
    );
    const dir = await tempDirWith('basepin-kill-', files);
    dirs.push(dir);
    return dir;
  }

  /** Starts `basepin pin` and kills it with SIGKILL the moment its first temporary file appears. */
  async function pinKilledWhileWriting(dir: string): Promise<NodeJS.Signals | null> {
    const child = spawn(process.execPath, [BIN, 'pin'], { cwd: dir, stdio: 'ignore' });
    const watcher = watch(path.join(dir, 'd'), (_event, name) => {
      if (name !== null && TEMPORARY.test(name)) child.kill('SIGKILL');
    });
    try {
      return await new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    } finally {
      watcher.close();
    }
  }

  const temporaries = async (dir: string) =>
    (await readdir(path.join(dir, 'd'))).filter((name) => TEMPORARY.test(name));

  test('a SIGKILL while writing corrupts nothing, and the next pin removes what it left', async () => {
    let dir = '';
    let left: string[] = [];
    for (let attempt = 0; attempt < 5 && left.length === 0; attempt += 1) {
      dir = await project();
      assert.equal(await pinKilledWhileWriting(dir), 'SIGKILL');
      left = await temporaries(dir);
    }
    assert.ok(left.length > 0, 'a kill landed while temporary files existed (else this test proves nothing)');
    for (let index = 0; index < FILES; index += 1) {
      const text = await readFile(path.join(dir, `d/Dockerfile.${index}`), 'utf8');
      assert.ok(text === original() || text === pinned(), `d/Dockerfile.${index} is either as it was or fully pinned`);
    }

    const check = await runBasepin(dir, ['check']);
    assert.equal(check.code, 1, check.stderr);
    assert.deepEqual(await temporaries(dir), left, 'check writes nothing, not even a removal');
    const dryRun = await runBasepin(dir, ['pin', '--dry-run']);
    assert.equal(dryRun.code, 0, dryRun.stderr);
    assert.deepEqual(await temporaries(dir), left, 'neither does a dry run');

    const pin = await runBasepin(dir, ['pin']);
    assert.equal(pin.code, 0, pin.stderr);
    assert.deepEqual(await temporaries(dir), [], 'the next pin removed every leftover');
    for (let index = 0; index < FILES; index += 1) {
      assert.equal(await readFile(path.join(dir, `d/Dockerfile.${index}`), 'utf8'), pinned());
    }
  });

  test('a live writer’s temporary file is kept; one older than any write, or of an earlier version, is removed', async (t) => {
    const dir = await tempDirWith('basepin-leftovers-', { 'd/Dockerfile': original() });
    dirs.push(dir);
    const live = spawn('sleep', ['60'], { stdio: 'ignore' });
    t.after(() => live.kill());
    const names = {
      live: `.Dockerfile.basepin-${live.pid}-0123456789ab`,
      oldLive: `.Dockerfile.basepin-${live.pid}-ba9876543210`,
      dead: '.Dockerfile.basepin-999999999-0123456789ab',
      legacy: '.Dockerfile.basepin-0123456789ab',
      legacyOld: '.Dockerfile.basepin-ba9876543210',
      notOurs: '.Dockerfile.basepin-notes',
    };
    for (const name of Object.values(names)) await writeFile(path.join(dir, 'd', name), 'partial');
    const hourAgo = new Date(Date.now() - 60 * 60_000);
    for (const name of [names.oldLive, names.legacyOld]) await utimes(path.join(dir, 'd', name), hourAgo, hourAgo);

    const pin = await runBasepin(dir, ['pin', 'd/Dockerfile']); // named: its directory is not walked, but looked at
    assert.equal(pin.code, 0, pin.stderr);
    assert.deepEqual(
      (await readdir(path.join(dir, 'd'))).sort(),
      [names.notOurs, names.live, names.legacy, 'Dockerfile'].sort(),
    );
  });
});
