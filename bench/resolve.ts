/**
 * Benchmark (not a test): how fast basepin's registry client resolves many tags over a slow link.
 *
 *   npx tsc -p . && node dist/bench/resolve.js [--tags 200] [--rtt 20]
 *
 * Starts a local docker-registry, pushes `--tags` Docker images under tags t0..tN-1, puts a userland TCP
 * proxy in front that delays every chunk by RTT/2 in each direction (a new connection pays one extra
 * RTT), and resolves every tag once per concurrency setting with a fresh client and proxy. Prints wall
 * time, TCP connections opened and lookups per second; checks every digest against the pushed one.
 */

import { parseArgs } from 'node:util';
import { defaults } from '../src/defaults.js';
import { RegistryClient } from '../src/registry/index.js';
import { pushDockerImage } from '../test/support/push.js';
import { startRegistry, type RunningRegistry } from '../test/support/registry.js';
import { startTcpProxy } from '../test/support/tcp-proxy.js';

interface Row {
  concurrency: number;
  wallMs: number;
  connections: number;
}

const { values } = parseArgs({
  options: { tags: { type: 'string', default: '200' }, rtt: { type: 'string', default: '20' } },
});
const tagCount = Number(values.tags);
const rttMs = Number(values.rtt);
const REPOSITORY = 'bench/app';

async function pushTags(registry: RunningRegistry): Promise<string[]> {
  const digests: string[] = [];
  for (let index = 0; index < tagCount; index++) {
    digests.push((await pushDockerImage({ url: registry.url }, REPOSITORY, `t${index}`)).digest);
  }
  return digests;
}

async function measure(registry: RunningRegistry, concurrency: number, expected: string[]): Promise<Row> {
  const proxy = await startTcpProxy({ target: registry.host, latencyMs: rttMs / 2 });
  const client = new RegistryClient({ concurrencyPerRegistry: concurrency });
  try {
    const started = performance.now();
    const resolved = await Promise.all(
      expected.map((_, index) =>
        client.resolve({ domain: proxy.host, path: REPOSITORY, tag: `t${index}`, digest: null }),
      ),
    );
    const wallMs = performance.now() - started;
    resolved.forEach(({ digest }, index) => {
      if (digest !== expected[index]) throw new Error(`t${index} resolved to ${digest}, pushed ${expected[index]}`);
    });
    return { concurrency, wallMs, connections: proxy.connections };
  } finally {
    await client.close();
    await proxy.stop();
  }
}

function print(rows: Row[]): void {
  console.log(`${tagCount} tags, RTT ${rttMs} ms (default concurrency ${defaults.concurrencyPerRegistry})`);
  console.log('concurrency  wall ms  connections  lookups/s');
  for (const { concurrency, wallMs, connections } of rows) {
    const perSecond = (tagCount / (wallMs / 1000)).toFixed(0);
    console.log(
      `${String(concurrency).padStart(11)}  ${wallMs.toFixed(0).padStart(7)}  ${String(connections).padStart(11)}  ${perSecond.padStart(9)}`,
    );
  }
}

const registry = await startRegistry();
try {
  const expected = await pushTags(registry);
  const settings = [...new Set([1, 4, defaults.concurrencyPerRegistry, 32])].sort((a, b) => a - b);
  const rows: Row[] = [];
  for (const concurrency of settings) rows.push(await measure(registry, concurrency, expected));
  print(rows);
} finally {
  await registry.stop();
}
