import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { runCli } from '../src/cli/program.js';
import { pushDockerImage } from './support/push.js';
import { startRegistry } from './support/registry.js';

test('check --sarif reports what needs attention as SARIF 2.1.0 results at 1-based positions', async (t) => {
  const registry = await startRegistry();
  const dir = await mkdtemp(path.join(tmpdir(), 'basepin-sarif-'));
  t.after(async () => {
    await registry.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const pushed = await pushDockerImage({ url: registry.url }, 'base', '1');
  await writeFile(
    path.join(dir, 'Dockerfile'),
    `FROM ${registry.host}/base:1\nFROM \${NOPE}/x:1\nFROM Alpine:3\nFROM ${registry.host}/base:1@${pushed.digest}\n`,
  );

  let stdout = '';
  const io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => true },
    cwd: dir,
    env: {},
  };
  assert.equal(await runCli(['check', '--sarif'], io), 2);
  const sarif = JSON.parse(stdout);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'basepin');
  assert.deepEqual(run.tool.driver.rules.map((rule: { id: string }) => rule.id).sort(), [
    'error',
    'skipped',
    'stale',
    'unpinned',
  ]);
  const results = run.results.map(
    (r: {
      ruleId: string;
      level: string;
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
      }[];
    }) => {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      return [r.ruleId, r.level, `${artifactLocation.uri}:${region.startLine}:${region.startColumn}`];
    },
  );
  assert.deepEqual(results, [
    ['unpinned', 'error', 'Dockerfile:1:6'],
    ['skipped', 'note', 'Dockerfile:2:6'],
    ['error', 'error', 'Dockerfile:3:6'],
  ]);
  assert.ok(run.results[0].message.text.includes(pushed.digest), 'the message names the digest to pin');
});
