/**
 * A reader that closes early (`basepin ls | head -1`) is not a crash: the rest of the output is dropped, nothing is
 * printed about it, and the exit status is the run's own.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDirWith } from './support/files.js';

const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

test('ls into a pipe closed after the first line: no EPIPE stack, exit 0', async () => {
  // Far more than a pipe holds (64 KiB), so basepin is still writing when the reader goes away.
  const lines = Array.from({ length: 5000 }, (_, i) => `FROM registry.example/team/image${i}:1 AS s${i}\n`);
  const dir = await tempDirWith('basepin-epipe-', { Dockerfile: lines.join('') });
  try {
    const child = spawn(process.execPath, [cli, 'ls', '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    await once(child.stdout, 'data');
    child.stdout.destroy(); // the reader is gone, as `head -1` is after one line
    const [code] = await once(child, 'exit');
    assert.equal(stderr, '');
    assert.equal(code, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
