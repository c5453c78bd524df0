/**
 * Benchmark (not a test): the whole command line on a large repository over a slow link.
 *
 *   npm run build && node dist/bench/check-repo.js [--files 1500] [--images 150] [--rtt 20]
 *
 * Starts a local docker-registry with `--images` tags, generates a repository of `--files` files (Dockerfiles, Compose
 * files and Kubernetes manifests, three references each, drawn from those images), and puts two proxies in front of the
 * registry: one that delays every chunk by RTT/2 each way and counts TCP connections, one that counts HTTP requests.
 * Then runs `basepin pin` and `basepin check` as child processes and prints, for each: wall time, references, distinct
 * images, registry requests and connections.
 *
 * Targets: requests == distinct images (one request per unique image), connections <= the per-registry concurrency,
 * and `check` on 1500 files / 150 images at 20 ms RTT well under 2 s on this 2-core machine.
 */

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { defaults } from '../src/defaults.js';
import { startHttpProxy } from '../test/support/http-proxy.js';
import { pushDockerImage } from '../test/support/push.js';
import { startRegistry } from '../test/support/registry.js';
import { startTcpProxy } from '../test/support/tcp-proxy.js';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '1500' },
    images: { type: 'string', default: '150' },
    rtt: { type: 'string', default: '20' },
  },
});
const fileCount = Number(values.files);
const imageCount = Number(values.images);
const rttMs = Number(values.rtt);
const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

const registry = await startRegistry();
const counter = await startHttpProxy({ target: registry.url });
const link = await startTcpProxy({ target: counter.host, latencyMs: rttMs / 2 });
const repo = await mkdtemp(path.join(tmpdir(), 'basepin-bench-repo-'));
try {
  const images = await pushImages(registry.url, imageCount);
  await generateRepository(repo, link.host, images, fileCount);
  console.log(
    `${fileCount} files, ${imageCount} images, RTT ${rttMs} ms, concurrency ${defaults.concurrencyPerRegistry}`,
  );
  console.log('command  wall ms  references  distinct  requests  connections');
  for (const command of ['pin', 'check']) {
    counter.requests.length = 0;
    const connectionsBefore = link.connections;
    const started = performance.now();
    const { stdout } = await promisify(execFile)(process.execPath, [cli, command, '--json'], {
      cwd: repo,
      maxBuffer: 1 << 28,
    });
    const wallMs = performance.now() - started;
    const references = (JSON.parse(stdout) as { references: Array<{ name: string; tag: string }> }).references;
    const distinct = new Set(references.map((ref) => `${ref.name}:${ref.tag}`)).size;
    const row = [command.padStart(7), wallMs.toFixed(0).padStart(8), String(references.length).padStart(11)];
    row.push(
      String(distinct).padStart(9),
      String(counter.requests.length).padStart(9),
      String(link.connections - connectionsBefore).padStart(12),
    );
    console.log(row.join(' '));
    if (counter.requests.length !== distinct)
      console.log(`  !! ${counter.requests.length} requests for ${distinct} images`);
  }
} finally {
  await rm(repo, { recursive: true, force: true });
  await link.stop();
  await counter.stop();
  await registry.stop();
}

async function pushImages(url: string, count: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = `team${i % 7}/image${i}`;
    await pushDockerImage({ url }, name, `v${i % 3}`);
    names.push(`${name}:v${i % 3}`);
  }
  return names;
}

/** A deterministic spread of file kinds, each with three references. */
async function generateRepository(root: string, host: string, images: string[], count: number): Promise<void> {
  const pick = (i: number, k: number) => `${host}/${images[(i * 31 + k * 17) % images.length]}`;
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
}
