import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { runBasepin } from './support/cli.js';
import { manifests, startFaultProxy, type FaultProxy } from './support/fault-proxy.js';
import { tempDirWith } from './support/files.js';
import { freePort } from './support/free-port.js';
import { startHttpProxy, type HttpProxy } from './support/http-proxy.js';
import { pushDockerImage, pushOciIndex } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';

interface Record {
  image: string;
  status: string;
  message: string | null;
  reason: string | null;
}

interface SarifResult {
  ruleId: string;
  message: { text: string };
  properties?: { reason: string };
}

/**
 * Every way a lookup fails, each against a real registry (or a proxy in front of one), reported with its reason in
 * `--json`, SARIF and GitHub annotations of `basepin check`.
 */
describe('each failed reference says why, in the machine formats', () => {
  let registry: RunningRegistry;
  let locked: RunningRegistry;
  let limited: HttpProxy;
  let garbled: FaultProxy;
  let closed: string;
  const dirs: string[] = [];

  before(async () => {
    [registry, locked] = await Promise.all([
      startRegistry(),
      startRegistry({ htpasswd: { user: 'ci', password: 'pw-secret' } }),
    ]);
    await pushDockerImage({ url: registry.url }, 'base', '1');
    await pushDockerImage({ url: locked.url, auth: { username: 'ci', password: 'pw-secret' } }, 'private', '1');
    // 429 with a Retry-After far beyond what basepin waits: the lookup gives up at once.
    limited = await startHttpProxy({
      target: registry.url,
      failFirst: { count: 1000, status: 429, headers: { 'retry-after': '3600' } },
    });
    // A captive portal's page where a manifest should be.
    garbled = await startFaultProxy(registry.url, [
      {
        match: manifests,
        rewrite: () => ({
          status: 200,
          headers: { 'content-type': 'text/html' },
          body: Buffer.from('<html>sign in</html>'),
        }),
      },
    ]);
    closed = `127.0.0.1:${await freePort()}`; // nothing listens there
  });
  after(async () => {
    await Promise.all([registry?.stop(), locked?.stop(), limited?.stop(), garbled?.stop()]);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  test('unauthorized, not-found, unreachable, rate-limited, invalid: each in --json, SARIF and GitHub titles', async () => {
    const expected: [string, string | null][] = [
      [`${locked.host}/private:1`, 'unauthorized'],
      [`${registry.host}/base:nope`, 'not-found'],
      [`${closed}/base:1`, 'unreachable'],
      [`${limited.host}/base:1`, 'rate-limited'],
      [`${garbled.host}/base:1`, 'invalid'],
      ['Bad:Name', 'invalid'],
      [`${registry.host}/base:1`, null],
    ];
    const dir = await tempDirWith('basepin-reasons-', {
      Dockerfile: expected.map(([image], index) => `FROM ${image} AS s${index}\n`).join(''),
    });
    dirs.push(dir);
    const env = { HOME: dir, PATH: process.env.PATH };

    const run = await runBasepin<{ references: Record[] }>(dir, ['check', '--json'], env);
    assert.equal(run.code, 2, run.stderr);
    const records = run.json().references;
    assert.deepEqual(
      records.map(({ image, reason }) => [image, reason]),
      expected,
    );
    for (const record of records)
      assert.equal(record.reason !== null, record.status === 'error', JSON.stringify(record));
    assert.equal(records.at(-1)!.status, 'unpinned');
    assert.match(records[0]!.message!, /unauthorized/);
    assert.match(records[3]!.message!, /rate-limited/);

    const sarif = await runBasepin<{ runs: { results: SarifResult[] }[] }>(dir, ['check', '--sarif'], env);
    const results = sarif.json().runs[0]!.results;
    assert.deepEqual(
      results.map((result) => [result.ruleId, result.properties?.reason ?? null]),
      expected.map(([, reason]) => (reason === null ? ['unpinned', null] : ['error', reason])),
    );

    const github = await runBasepin(dir, ['check', '--format', 'github'], env);
    assert.match(github.stdout, /title=basepin%3A Image reference could not be checked \(unauthorized\)::/);
    assert.match(github.stdout, /title=basepin%3A Image reference not pinned to a digest::/);
  });

  test('a platform pin whose manifest cannot be read says why (not-found), as the lookup would', async () => {
    // The tag is an index; the pin is neither the index nor one of its manifests, and the registry has no such manifest.
    await pushOciIndex({ url: registry.url }, 'multi', '1');
    const gone = `sha256:${'0'.repeat(64)}`;
    const dir = await tempDirWith('basepin-reasons-', { Dockerfile: `FROM ${registry.host}/multi:1@${gone}\n` });
    dirs.push(dir);
    const run = await runBasepin<{ references: Record[] }>(dir, ['check', '--json'], {
      HOME: dir,
      PATH: process.env.PATH,
    });
    assert.equal(run.code, 2, run.stdout);
    const [record] = run.json().references;
    assert.equal(record!.status, 'error');
    assert.match(record!.message!, /cannot read it to tell its platform: manifest unknown/);
    assert.equal(record!.reason, 'not-found');
  });
});
