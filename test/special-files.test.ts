/**
 * basepin reads regular files only, and at most `maxFileBytes` of each: a FIFO, a device or a link to one is a clear
 * error, never a read that blocks forever or never ends. The command line runs as a child process with a deadline, so
 * that a regression fails here instead of hanging the suite.
 */

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { rm, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { runBasepin } from './support/cli.js';
import { tempDirWith } from './support/files.js';

const BIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const DEADLINE_MS = 10_000;

/** Runs the installed command line in `cwd`; killed (and reported as hung) after DEADLINE_MS. */
function cli(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: DEADLINE_MS,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== null)
        reject(new Error(`basepin ${args.join(' ')} did not finish within ${DEADLINE_MS} ms (${signal})`));
      else resolve({ code, stdout, stderr });
    });
  });
}

async function project(t: test.TestContext, files: Record<string, string> = {}): Promise<string> {
  const dir = await tempDirWith('basepin-special-', files);
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const NOT_REGULAR = (kind: string) =>
  new RegExp(`error: not a regular file \\(${kind}\\); basepin reads only regular files$`, 'm');

test('a FIFO, named or found by walking, is an error at once, not a read that waits for a writer', async (t) => {
  const dir = await project(t, { 'app/Dockerfile': 'FROM a\n' });
  execFileSync('mkfifo', [path.join(dir, 'Dockerfile')]);
  const named = await cli(dir, 'ls', 'Dockerfile');
  assert.equal(named.code, 2);
  assert.match(named.stderr, /^Dockerfile: /m);
  assert.match(named.stderr, NOT_REGULAR('a FIFO'));
  const walked = await cli(dir, 'ls', '--json');
  assert.equal(walked.code, 2);
  const report = JSON.parse(walked.stdout) as {
    references: { file: string }[];
    errors: { file: string; message: string }[];
  };
  assert.deepEqual(
    report.references.map((one) => one.file),
    ['app/Dockerfile'],
    'the other files are still read',
  );
  assert.deepEqual(
    report.errors.map((one) => one.file),
    ['Dockerfile'],
  );
  const config = await cli(dir, 'ls', '--config', 'Dockerfile'); // the configuration file is read the same way
  assert.equal(config.code, 2);
  assert.match(config.stderr, /not a regular file \(a FIFO\)/);
});

test('/dev/zero, given or through a link, is refused before a single byte is read', async (t) => {
  const dir = await project(t);
  await symlink('/dev/zero', path.join(dir, 'Dockerfile'));
  const direct = await cli(dir, 'ls', '/dev/zero');
  assert.equal(direct.code, 2);
  assert.match(direct.stderr, NOT_REGULAR('a character device'));
  const linked = await cli(dir, 'pin', 'Dockerfile');
  assert.equal(linked.code, 2);
  assert.match(linked.stderr, /^Dockerfile: error: not a regular file \(a character device\)/m);
});

test('every file read is capped: maxFileBytes in .basepin.yaml, 16 MiB by default', async (t) => {
  const dir = await project(t, {
    '.basepin.yaml': 'maxFileBytes: 64\n',
    'a/Dockerfile': `FROM a\n${'#'.repeat(56)}\n`,
    'b/Dockerfile': `FROM b\n${'#'.repeat(57)}\n`,
  });
  const capped = await runBasepin<{ references: { file: string }[]; errors: unknown[] }>(dir, ['ls', '--json']);
  assert.equal(capped.code, 2);
  assert.deepEqual(
    capped.json().references.map((one) => one.file),
    ['a/Dockerfile'],
    'a file of exactly the cap is read',
  );
  const message = 'larger than 64 bytes (maxFileBytes); basepin leaves it alone';
  assert.deepEqual(capped.json().errors, [{ file: 'b/Dockerfile', line: 0, column: 0, message }]);

  await rm(path.join(dir, '.basepin.yaml'));
  await writeFile(path.join(dir, 'b/Dockerfile'), 'FROM b\n');
  await truncate(path.join(dir, 'b/Dockerfile'), 16 * 1024 * 1024 + 1); // sparse: nothing is written to disk
  const big = await runBasepin(dir, ['ls']);
  assert.equal(big.code, 2);
  assert.match(big.stderr, /^b\/Dockerfile: error: larger than 16777216 bytes \(maxFileBytes\)/m);
});

test('maxFileBytes must be a positive whole number', async (t) => {
  for (const value of ['0', '-1', '1.5', 'lots', '[1]']) {
    const dir = await project(t, { '.basepin.yaml': `maxFileBytes: ${value}\n`, Dockerfile: 'FROM a\n' });
    const result = await runBasepin(dir, ['ls']);
    assert.equal(result.code, 2, value);
    assert.match(result.stderr, /maxFileBytes: must be a whole number of bytes above 0/, value);
  }
});
