/**
 * `npm run bench`: basepin's performance targets, measured (not a test: machines here are noisy, so nothing fails on
 * a number; each row prints its target and whether this run met it). docs/benchmarks.md records a run.
 *
 *   npm run bench [-- --files 1050 --tags 200 --rtt 40 --runs 3]
 *
 * 1. Loopback: a repository of `--files` files (Dockerfiles, Compose files, Kubernetes manifests, three references
 *    each) over `--tags` tags of a real docker-registry on 127.0.0.1. The floor is one `curl` process sending one
 *    keep-alive HEAD per tag, measured in the same run. Targets: `check` within 2x the floor, `pin` within 2.5x.
 * 2. Latency: the same through a userland TCP proxy adding `--rtt` ms per round trip. The floor is what the network
 *    needs at the chosen concurrency: one round trip to connect, then ceil(tags / concurrency) request round trips.
 *    Target: `check` within 1.5x.
 * 3. HTTP/2: the registry over TLS (Go's server speaks HTTP/2 there) at the same latency: requests multiplexed on one
 *    connection. Floor: connect, TLS handshake, one round trip of requests. Reported with connections opened.
 * 4. Start-up: `--version` within 2.5x `node -e 0`; `check` on an empty directory within 3x.
 * 5. Size: `ls` over 10,000 files and over one file of 100,000 references: time and peak memory (under 300 MB).
 * Every run also counts registry requests (one per distinct tag) and connections (at most the concurrency).
 * The best of `--runs` runs is reported for each timing.
 */

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { defaults } from '../src/defaults.js';
import { startHttpProxy, type HttpProxy } from '../test/support/http-proxy.js';
import { pushDockerImage } from '../test/support/push.js';
import { startRegistry, type RunningRegistry } from '../test/support/registry.js';
import { startTcpProxy, type TcpProxy } from '../test/support/tcp-proxy.js';
import { makeLoopbackCertificate } from '../test/support/tls.js';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '1050' },
    tags: { type: 'string', default: '200' },
    rtt: { type: 'string', default: '40' },
    runs: { type: 'string', default: '3' },
  },
});
const fileCount = Number(values.files);
const tagCount = Number(values.tags);
const rttMs = Number(values.rtt);
const runs = Number(values.runs);
const concurrency = defaults.concurrencyPerRegistry;
const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const exec = promisify(execFile);
const REPOSITORY_PREFIX = 'bench';
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

interface Row {
  what: string;
  ms: number;
  floorMs?: number;
  target?: number;
  note?: string;
}
/** Every row, printed as soon as it is measured (a markdown table, for docs/benchmarks.md). */
const rows = {
  push(row: Row): void {
    const ratio = row.floorMs === undefined ? undefined : row.ms / row.floorMs;
    const met = row.target === undefined || ratio === undefined ? '' : ratio <= row.target ? 'yes' : 'no';
    const cells = [
      row.what + (row.note ? ` (${row.note})` : ''),
      row.ms.toFixed(0),
      row.floorMs?.toFixed(0) ?? '',
      ratio?.toFixed(2) ?? '',
    ];
    console.log(`| ${[...cells, row.target === undefined ? '' : `${row.target}x`, met].join(' | ')} |`);
  },
};
/** Connections the last `connectionsCounted` run opened, for its row's note. */
let lastConnections = '';

const scratch = await mkdtemp(path.join(tmpdir(), 'basepin-bench-'));
const certificate = makeLoopbackCertificate(scratch);
const plain = await startRegistry();
const tls = await startRegistry({ tls: certificate, sameStorageAs: plain });
const cleanups: Array<() => Promise<void>> = [() => tls.stop(), () => plain.stop()];
try {
  const images = await pushImages(plain);
  console.log(
    `${fileCount} files, ${tagCount} tags, RTT ${rttMs} ms, concurrency ${concurrency}, best of ${runs}, node ${process.version}`,
  );
  console.log('\n| measurement | ms | floor ms | ratio | target | met |\n| --- | ---: | ---: | ---: | ---: | --- |');

  // 1. Loopback.
  const counter = await startHttpProxy({ target: plain.url });
  cleanups.unshift(() => counter.stop());
  const loopback = await generateRepository(path.join(scratch, 'loopback'), counter.host, images);
  const curlFloor = await best(() => curlHeads(counter.host, images));
  rows.push({ what: 'loopback: curl floor (one keep-alive connection)', ms: curlFloor });
  for (const [command, target] of [
    ['check', 2],
    ['pin', 2.5],
  ] as const) {
    const ms = await best(async () => {
      const repo = await copyRepository(loopback, `${command}-loopback`);
      return timed(() => basepin([command, '--json'], repo, counter, images.length));
    });
    rows.push({ what: `loopback: ${command}`, ms, floorMs: curlFloor, target });
  }

  // 2. Latency, HTTP/1.1.
  const slow = await startTcpProxy({ target: counter.host, latencyMs: rttMs / 2 });
  cleanups.unshift(() => slow.stop());
  const slowRepo = await generateRepository(path.join(scratch, 'slow'), slow.host, images);
  const networkFloor = rttMs * (1 + Math.ceil(images.length / concurrency));
  const slowMs = await best(() =>
    connectionsCounted(slow, () => basepin(['check', '--json'], slowRepo, counter, images.length)),
  );
  rows.push({
    what: `${rttMs} ms RTT: check (HTTP/1.1)`,
    ms: slowMs,
    floorMs: networkFloor,
    target: 1.5,
    note: lastConnections,
  });

  // 3. Latency, TLS: HTTP/2 when the registry offers it.
  const slowTls = await startTcpProxy({ target: tls.host, latencyMs: rttMs / 2 });
  cleanups.unshift(() => slowTls.stop());
  const tlsRepo = await generateRepository(path.join(scratch, 'tls'), slowTls.host, images);
  await writeFile(
    path.join(tlsRepo, '.basepin.yaml'),
    `registries:\n  "${slowTls.host}":\n    ca: ${JSON.stringify(certificate.certificate)}\n`,
  );
  const tlsFloor = rttMs * 4; // TCP connect, TLS 1.3 handshake, the requests, and slack for the last answers
  const tlsMs = await best(() =>
    connectionsCounted(slowTls, () => basepin(['check', '--json'], tlsRepo, undefined, images.length)),
  );
  rows.push({ what: `${rttMs} ms RTT over TLS: check`, ms: tlsMs, floorMs: tlsFloor, note: lastConnections });

  // 4. Start-up.
  const nodeFloor = await best(() => timed(() => exec(process.execPath, ['-e', '0'])));
  rows.push({ what: 'start-up: node -e 0', ms: nodeFloor });
  rows.push({
    what: 'start-up: basepin --version',
    ms: await best(() => timed(() => exec(process.execPath, [cli, '--version']))),
    floorMs: nodeFloor,
    target: 2.5,
  });
  const empty = path.join(scratch, 'empty');
  await mkdir(empty);
  const emptyCheck = await best(() =>
    timed(() => exec(process.execPath, [cli, 'check', '.'], { cwd: empty }).catch(() => undefined)),
  );
  rows.push({ what: 'start-up: basepin check (empty directory)', ms: emptyCheck, floorMs: nodeFloor, target: 3 });

  // 5. Size.
  const many = await generateRepository(path.join(scratch, 'many'), plain.host, images, 10_000);
  rows.push(await peak('size: ls, 10,000 files', many, ['ls', '--json']));
  const big = path.join(scratch, 'big');
  await mkdir(big);
  const lines = Array.from({ length: 100_000 }, (_, i) => `FROM ${plain.host}/${images[i % images.length]} AS s${i}\n`);
  await writeFile(path.join(big, 'Dockerfile'), lines.join(''));
  rows.push(await peak('size: ls, one Dockerfile of 100,000 references', big, ['ls', '--json']));
} finally {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  await rm(scratch, { recursive: true, force: true });
}

async function pushImages(registry: RunningRegistry): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < tagCount; i += 1) {
    const name = `${REPOSITORY_PREFIX}/team${i % 7}/image${i % 50}`;
    const tag = `v${i}`;
    await pushDockerImage({ url: registry.url }, name, tag);
    names.push(`${name}:${tag}`);
  }
  return names;
}

/** A deterministic spread of file kinds, three references each, every image used at least once. */
async function generateRepository(root: string, host: string, images: string[], count = fileCount): Promise<string> {
  const pick = (i: number, k: number) => `${host}/${images[(i * 3 + k) % images.length]}`;
  for (let i = 0; i < count; i += 1) {
    const dir = path.join(root, `service${i % 50}`, `part${i}`);
    await mkdir(dir, { recursive: true });
    const [a, b, c] = [pick(i, 0), pick(i, 1), pick(i, 2)];
    if (i % 3 === 0) {
      await writeFile(
        path.join(dir, 'Dockerfile'),
        `FROM ${a} AS build\nRUN make\nFROM ${b}\nCOPY --from=${c} /x /x\n`,
      );
    } else if (i % 3 === 1) {
      await writeFile(
        path.join(dir, 'compose.yaml'),
        `services:\n  a: { image: ${a} }\n  b:\n    image: "${b}"\n  c:\n    image: ${c}\n`,
      );
    } else {
      const spec = `spec:\n  containers:\n    - { name: a, image: ${a} }\n    - { name: b, image: ${b} }\n  initContainers:\n    - { name: c, image: ${c} }\n`;
      await writeFile(path.join(dir, 'pod.yaml'), `apiVersion: v1\nkind: Pod\nmetadata: { name: p${i} }\n${spec}`);
    }
  }
  return root;
}

/** A fresh copy, so that every `pin` run has the same unpinned files to write. */
async function copyRepository(from: string, name: string): Promise<string> {
  const to = path.join(scratch, `${name}-${Math.random().toString(36).slice(2)}`);
  await exec('cp', ['-r', from, to]);
  return to;
}

/** One curl process, one keep-alive connection, one HEAD per tag, one after the other. */
async function curlHeads(host: string, images: string[]): Promise<number> {
  const urls = images.map((image) => {
    const [name, tag] = image.split(':');
    return `http://${host}/v2/${name}/manifests/${tag}`;
  });
  return timed(() => exec('curl', ['-sf', '-o', '/dev/null', '-I', '-H', `Accept: ${ACCEPT}`, ...urls]));
}

/** Runs basepin and checks it asked the registry once per distinct tag (when a request counter is in the path). */
async function basepin(args: string[], cwd: string, counter: HttpProxy | undefined, distinct: number): Promise<void> {
  if (counter) counter.requests.length = 0;
  const { stdout } = await exec(process.execPath, [cli, ...args], { cwd, maxBuffer: 1 << 28 }).catch((error) => {
    if (error.code === 1) return error as { stdout: string }; // check found unpinned references: expected
    throw error;
  });
  const references = (JSON.parse(stdout) as { references: unknown[] }).references;
  if (references.length !== 3 * fileCount)
    throw new Error(`found ${references.length} references, expected ${3 * fileCount}`);
  if (counter && counter.requests.length !== distinct)
    throw new Error(`${counter.requests.length} requests for ${distinct} tags`);
}

async function connectionsCounted(proxy: TcpProxy, fn: () => Promise<void>): Promise<number> {
  const before = proxy.connections;
  const ms = await timed(fn);
  lastConnections = `${proxy.connections - before} connections`;
  return ms;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function best(fn: () => Promise<number>): Promise<number> {
  let fastest = Infinity;
  for (let run = 0; run < runs; run++) fastest = Math.min(fastest, await fn());
  return fastest;
}

/** Wall time and peak resident memory of one basepin run, from `/usr/bin/time`. */
async function peak(what: string, cwd: string, args: string[]): Promise<Row> {
  const report = path.join(scratch, 'time.txt');
  const started = performance.now();
  await exec('/usr/bin/time', ['-o', report, '-f', '%M', process.execPath, cli, ...args], {
    cwd,
    maxBuffer: 1 << 30,
  }).catch((error) => {
    if (error.code !== 1) throw error;
  });
  const ms = performance.now() - started;
  const megabytes = Number((await readFile(report, 'utf8')).trim().split('\n').at(-1)) / 1024;
  return { what, ms, note: `${megabytes.toFixed(0)} MB peak${megabytes > 300 ? ' (over the 300 MB target)' : ''}` };
}
