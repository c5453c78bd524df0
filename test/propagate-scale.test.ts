import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RegistryClient } from '../src/registry/index.js';
import { propagate } from '../src/propagate/index.js';
import { createFleet, outcomes, runProcess, type Fleet } from './support/fleet.js';
import { createBareRepo, scratch } from './support/git.js';
import { pushDockerImage, repushTag } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { runBasepin } from './support/cli.js';

const SIZE = 40;
const SHARDS = 3;
const PROPOSAL = 'basepin/platform/base-1';

interface Printed {
  digest: string;
  shard?: { index: number; count: number };
  results: Array<{ repo: string; status: string; error?: string }>;
}

describe('propagation spread over shard processes, on a fleet of real repositories', () => {
  let registry: RunningRegistry;
  let root: Awaited<ReturnType<typeof scratch>>;
  let image: string;
  let fleet: Fleet;

  before(async () => {
    registry = await startRegistry();
    root = await scratch('basepin-scale-');
    image = `${registry.host}/platform/base:1`;
    const old = await pushDockerImage({ url: registry.url }, 'platform/base', '1');
    fleet = await createFleet(root.dir, SIZE, image, old.digest);
  });
  after(async () => {
    await registry?.stop();
    await root?.remove();
  });

  /** `propagate --shard` processes at once, each in a work directory of its own (as on separate machines). */
  const fanOut = (digest: string, shards: number[], run: string) =>
    Promise.all(
      shards.map((shard, at) =>
        runProcess(root.dir, [
          'propagate',
          '--image',
          image,
          '--digest',
          digest,
          '--shard',
          `${shard}/${SHARDS}`,
          '--json',
          '--dependents',
          fleet.dependentsFile,
          '--workdir',
          path.join(root.dir, `work-${run}-${at}`),
          '--concurrency',
          '4',
        ]),
      ),
    );

  test(`${SIZE} dependents, ${SHARDS} shards plus a duplicate of one: each dependent moves once, with one commit; a second run changes nothing`, async () => {
    const { digest } = await repushTag({ url: registry.url }, 'platform/base', '1');
    const started = Date.now();
    const runs = await fanOut(digest, [0, 1, 2, 1], 'first');
    const elapsed = Date.now() - started;
    for (const run of runs)
      assert.equal(
        run.code,
        0,
        run.stderr +
          JSON.stringify(JSON.parse(run.stdout).results.filter((r: { status: string }) => r.status === 'failed')),
      );
    const printed = runs.map((run) => JSON.parse(run.stdout) as Printed);

    // The shards split the fleet: every dependent in exactly one of shards 0, 1, 2; the duplicate saw shard 1's.
    const seen = printed.slice(0, SHARDS).flatMap((one) => one.results.map((result) => result.repo));
    assert.equal(seen.length, SIZE);
    assert.deepEqual(new Set(seen), new Set(fleet.repos.map((repo) => repo.url)));
    assert.deepEqual(
      printed[3]!.results.map((r) => r.repo),
      printed[1]!.results.map((r) => r.repo),
    );
    // The split is a hash of each repository's path (random temporary directories here): roughly even, not exactly.
    for (const one of printed.slice(0, SHARDS))
      assert.ok(one.results.length > 0 && one.results.length < (2 * SIZE) / 3, `shard sizes: ${one.results.length}`);
    for (const result of printed.flatMap((one) => one.results)) {
      assert.ok(
        ['updated', 'current', 'unchanged'].includes(result.status),
        `${result.repo}: ${result.status} ${result.error ?? ''}`,
      );
    }
    // Of the two processes on shard 1, the second to reach a dependent found it current or unchanged.
    const duplicate = printed[1]!.results.map((result, at) =>
      [result.status, printed[3]!.results[at]!.status].sort().join(' '),
    );
    for (const pair of duplicate)
      assert.ok(['current updated', 'unchanged updated', 'updated updated'].includes(pair), pair);

    // git says the same: every dependent at the final digest, with exactly one commit and no duplicate branch.
    for (const outcome of await outcomes(fleet, PROPOSAL)) {
      assert.equal(outcome.dockerfile, `FROM ${image}@${digest}\nRUN make\n`, outcome.url);
      const expected =
        outcome.mode === 'push'
          ? [['main', 2]]
          : [
              [PROPOSAL, 2],
              ['main', 1],
            ];
      assert.deepEqual([...outcome.branches].sort(), expected.sort(), outcome.url);
    }
    console.log(`# ${SIZE} dependents, ${SHARDS} shards + 1 duplicate: ${elapsed} ms from push to the last commit`);

    // A second run at the same digest (all dependents, one process, reusing shard 0's clones) makes no commit.
    const again = await runProcess(root.dir, [
      'propagate',
      '--image',
      image,
      '--digest',
      digest,
      '--json',
      '--dependents',
      fleet.dependentsFile,
      '--workdir',
      path.join(root.dir, 'work-first-0'),
      '--concurrency',
      '8',
    ]);
    assert.equal(again.code, 0, again.stderr);
    const statuses = (JSON.parse(again.stdout) as Printed).results.map((result) => result.status);
    assert.equal(statuses.length, SIZE);
    assert.deepEqual(new Set(statuses), new Set(['current', 'unchanged']));
    for (const outcome of await outcomes(fleet, PROPOSAL)) {
      assert.equal(outcome.branches.get(outcome.mode === 'push' ? 'main' : PROPOSAL), 2, outcome.url);
    }
  });
});

describe('superseded digests and the usage index', () => {
  let registry: RunningRegistry;
  let root: Awaited<ReturnType<typeof scratch>>;

  before(async () => {
    registry = await startRegistry();
    root = await scratch('basepin-scale-index-');
  });
  after(async () => {
    await registry?.stop();
    await root?.remove();
  });

  test('a push that moves the tag mid-fan-out makes the older propagation superseded: it pushes nothing, the newer one wins', async () => {
    const image = `${registry.host}/team/base:3`;
    const old = await pushDockerImage({ url: registry.url }, 'team/base', '3');
    const repo = await createBareRepo(root.dir, 'superseded', { Dockerfile: `FROM ${image}@${old.digest}\n` });
    const dependents = [{ repo: repo.url, paths: ['.'], mode: 'push' as const, publishes: [] }];
    const first = await repushTag({ url: registry.url }, 'team/base', '3');
    const client = new RegistryClient({ registries: {}, env: {} });
    let newer: string | undefined;
    let asked = 0;
    // The real registry, with a newer push of the tag landing between the propagation's resolve and its push.
    const resolver = {
      fetchManifest: (ref: Parameters<RegistryClient['fetchManifest']>[0]) => client.fetchManifest(ref),
      fetchBlob: (ref: Parameters<RegistryClient['fetchBlob']>[0], digest: string) => client.fetchBlob(ref, digest),
      resolve: async (ref: Parameters<RegistryClient['resolve']>[0]) => {
        asked += 1;
        if (asked === 2) newer = (await repushTag({ url: registry.url }, 'team/base', '3')).digest;
        return client.resolve(ref);
      },
    };
    try {
      const before = await repo.head('main');
      const stale = await propagate({
        image,
        digest: first.digest,
        dependents,
        resolver,
        workdir: path.join(root.dir, 'w1'),
      });
      assert.deepEqual(
        stale.results.map((result) => result.status),
        ['superseded'],
      );
      assert.equal(await repo.head('main'), before);
      const fresh = await propagate({ image, dependents, resolver: client, workdir: path.join(root.dir, 'w2') });
      assert.equal(fresh.digest, newer);
      assert.deepEqual(
        fresh.results.map((result) => result.status),
        ['updated'],
      );
      assert.equal(await repo.read('main', 'Dockerfile'), `FROM ${image}@${newer}\n`);
    } finally {
      await client.close();
    }
  });

  test('propagate --index (basepin graph --json) visits only the users of the image, and the dependents the index does not know', async () => {
    const image = `${registry.host}/team/base:4`;
    const pushed = await pushDockerImage({ url: registry.url }, 'team/base', '4');
    const other = await pushDockerImage({ url: registry.url }, 'team/other', '1');
    const user = await createBareRepo(root.dir, 'idx-user', { Dockerfile: `FROM ${image}@${other.digest}\n` });
    const nonUser = await createBareRepo(root.dir, 'idx-nonuser', {
      Dockerfile: `FROM ${registry.host}/team/other:1@${other.digest}\n`,
    });
    const dir = path.join(root.dir, 'idx');
    const entry = (url: string) => `  - repo: ${url}\n    mode: push\n`;
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    await writeFile(path.join(dir, 'basepin-dependents.yaml'), `dependents:\n${entry(user.url)}${entry(nonUser.url)}`);
    const graph = await runBasepin(dir, ['graph', '--json', '--workdir', 'work']);
    assert.equal(graph.code, 0, graph.stderr);
    await writeFile(path.join(dir, 'index.json'), graph.stdout);
    // A dependent added after the survey: the index does not know it, so it is visited.
    const late = await createBareRepo(root.dir, 'idx-late', { Dockerfile: `FROM ${image}@${other.digest}\n` });
    await writeFile(
      path.join(dir, 'basepin-dependents.yaml'),
      `dependents:\n${entry(user.url)}${entry(nonUser.url)}${entry(late.url)}`,
    );

    const run = await runBasepin(dir, [
      'propagate',
      '--image',
      image,
      '--index',
      'index.json',
      '--workdir',
      'work',
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const printed = JSON.parse(run.stdout) as Printed;
    assert.deepEqual(
      printed.results.map((result) => [result.repo, result.status]),
      [
        [user.url, 'updated'],
        [late.url, 'updated'],
      ],
    );
    assert.equal(await user.read('main', 'Dockerfile'), `FROM ${image}@${pushed.digest}\n`);

    await writeFile(path.join(dir, 'bad.json'), '{"repositories": [{"repo": 1}]}');
    const bad = await runBasepin(dir, ['propagate', '--image', image, '--index', 'bad.json', '--workdir', 'work']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.json: repositories\[0\]\.repo: must be a string/);
    const shard = await runBasepin(dir, ['propagate', '--image', image, '--shard', '3/3']);
    assert.equal(shard.code, 2);
    assert.match(shard.stderr, /--shard 3\/3: must be I\/N/);
  });
});
