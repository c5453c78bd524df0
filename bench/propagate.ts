/**
 * Benchmark (not a test): the time from a base image push to the last dependent's commit, with the work spread over
 * shard processes as a GitHub Actions matrix or a Kubernetes Indexed Job would spread it.
 *
 *   npx tsc -p . && node dist/bench/propagate.js [--dependents 1000] [--shards 4] [--concurrency 8]
 *
 * Starts a local docker-registry, pushes the base image, creates `--dependents` bare git repositories on disk (each
 * pins the image in its Dockerfile; every third one in pull-request mode, without a forge), pushes the image again
 * (the clock starts), and runs `--shards` `basepin propagate --shard I/N` processes at once, each with a work
 * directory of its own (first run: every clone is new, as on a fresh runner). The clock stops when the last
 * process has exited; every dependent is then checked to hold the new digest with exactly one commit. Also prints
 * the CPU time the shards and their git processes used (on Linux), which says what an idle machine would take when
 * others share this one. The repositories' own side (receive-pack, upload-pack) runs here too, as a forge's would.
 */

import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createFleet, outcomes, runProcess } from '../test/support/fleet.js';
import { scratch } from '../test/support/git.js';
import { pushDockerImage, repushTag } from '../test/support/push.js';
import { startRegistry } from '../test/support/registry.js';

const { values } = parseArgs({
  options: {
    dependents: { type: 'string', default: '1000' },
    shards: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '8' },
  },
});
const size = Number(values.dependents);
const shards = Number(values.shards);
const PROPOSAL = 'basepin/bench/base-1';

/**
 * CPU seconds (user + system) of the children this process has waited for, and of theirs: the shard processes and
 * every git process they ran (Linux, /proc/self/stat `cutime` + `cstime`, in clock ticks of 1/100 s).
 */
function childrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const registry = await startRegistry();
const root = await scratch('basepin-bench-propagate-');
try {
  const image = `${registry.host}/bench/base:1`;
  const old = await pushDockerImage({ url: registry.url }, 'bench/base', '1');
  const setupStart = Date.now();
  const fleet = await createFleet(root.dir, size, image, old.digest);
  console.log(`${size} dependent repositories created in ${Date.now() - setupStart} ms`);

  const { digest } = await repushTag({ url: registry.url }, 'bench/base', '1');
  const load = loadavg()[0]!.toFixed(1);
  const cpuBefore = childrenCpuSeconds();
  const started = Date.now();
  const runs = await Promise.all(
    Array.from({ length: shards }, (_, shard) =>
      runProcess(root.dir, [
        'propagate',
        '--image',
        image,
        '--digest',
        digest,
        '--shard',
        `${shard}/${shards}`,
        '--json',
        '--dependents',
        fleet.dependentsFile,
        '--workdir',
        path.join(root.dir, `work-${shard}`),
        '--concurrency',
        values.concurrency,
      ]),
    ),
  );
  const elapsed = Date.now() - started;
  const cpu = childrenCpuSeconds() - cpuBefore;

  const statuses = new Map<string, number>();
  for (const run of runs) {
    if (run.code !== 0) console.log(`a shard exited ${run.code}: ${run.stderr.slice(0, 2000)}`);
    for (const result of (JSON.parse(run.stdout) as { results: Array<{ status: string }> }).results) {
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
    }
  }
  let wrong = 0;
  for (const outcome of await outcomes(fleet, PROPOSAL)) {
    const commits = outcome.branches.get(outcome.mode === 'push' ? 'main' : PROPOSAL);
    if (
      outcome.dockerfile !== `FROM ${image}@${digest}\nRUN make\n` ||
      commits !== 2 ||
      outcome.branches.size !== (outcome.mode === 'push' ? 1 : 2)
    )
      wrong += 1;
  }
  console.log(`statuses: ${[...statuses].map(([status, count]) => `${count} ${status}`).join(', ')}`);
  console.log(
    `${size} dependents, ${shards} shard processes x concurrency ${values.concurrency}: ${elapsed} ms from push to the last commit`,
  );
  console.log(
    `CPU used by the shards and their git processes: ${cpu.toFixed(1)} s (${(cpu / availableParallelism()).toFixed(1)} s of wall time ` +
      `on ${availableParallelism()} idle cores); load average when it started: ${load}`,
  );
  console.log(
    wrong === 0 ? 'every dependent holds the new digest with exactly one commit' : `${wrong} dependents are WRONG`,
  );
  process.exitCode = wrong === 0 && runs.every((run) => run.code === 0) ? 0 : 1;
} finally {
  await registry.stop();
  await root.remove();
}
