import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { runBasepin } from './support/cli.js';
import { startForgeStub, type ForgeStub } from './support/forge-stub.js';
import { createBareRepo, scratch, type BareRepo } from './support/git.js';
import { pushDockerImage, repushTag } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';

const exec = promisify(execFile);
const TOKEN = 'forge-token-update-pr';
const BRANCH = 'basepin/update';

interface UpdatePrJson {
  status: string;
  base: string;
  branch: string;
  commit?: string;
  changes: { file: string; line: number; image: string; from: string | null; to: string }[];
  pullRequest?: { url: string; number: number; action: string };
  problems: string[];
}

describe('basepin update-pr: one branch and one pull request for a repository, against a real registry and git', () => {
  let registry: RunningRegistry;
  let forge: ForgeStub;
  let root: Awaited<ReturnType<typeof scratch>>;
  const target = () => ({ url: registry.url });

  before(async () => {
    registry = await startRegistry();
    forge = await startForgeStub(TOKEN);
    root = await scratch('basepin-update-pr-');
  });
  after(async () => {
    await forge?.close();
    await registry?.stop();
    await root?.remove();
  });

  /** A bare repository with `files`, and a clone of it (origin: the bare repository) to run basepin in. */
  async function repository(
    name: string,
    files: Record<string, string>,
  ): Promise<{ remote: BareRepo; checkout: string }> {
    const remote = await createBareRepo(root.dir, name, files);
    const checkout = path.join(root.dir, `${name}-checkout`);
    await exec('git', ['clone', '--quiet', remote.url, checkout]);
    return { remote, checkout };
  }

  const forgeArgs = (project: string) => [
    '--forge',
    'github',
    '--forge-api',
    `${forge.url}/api/v3`,
    '--forge-project',
    project,
  ];
  const updatePr = (checkout: string, ...args: string[]) =>
    runBasepin<UpdatePrJson>(checkout, ['update-pr', '--workdir', path.join(root.dir, 'work'), ...args], {
      GITHUB_TOKEN: TOKEN,
    });

  test('pins and moves on basepin/update with one pull request; idempotent; rebuilt on a moved base; nothing after a merge', async () => {
    await pushDockerImage(target(), 'app/base', '1');
    const oldDb = await pushDockerImage(target(), 'app/db', '2');
    const db = await repushTag(target(), 'app/db', '2');
    const base = `${registry.host}/app/base:1`;
    const { remote, checkout } = await repository('one', {
      Dockerfile: `FROM ${base}\nRUN make\n`,
      'deploy/compose.yaml': `services:\n  db:\n    image: ${registry.host}/app/db:2@${oldDb.digest}\n`,
      'README.md': 'one\n',
    });
    const main = await remote.head('main');

    const first = await updatePr(checkout, ...forgeArgs('acme/one'), '--git-author', 'Pin Bot <pins@example.com>');
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      new RegExp(`^updated +${BRANCH} +2 references +created ${forge.url}/acme/one/pull/1$`, 'm'),
    );
    assert.match(first.stdout, /^ {2}Dockerfile:1 {2}\S+\/app\/base:1 {2}unpinned -> sha256:[0-9a-f]{12}$/m);

    // main is untouched; the proposal is main plus one commit.
    assert.equal(await remote.head('main'), main);
    const [proposal] = await remote.log(BRANCH);
    assert.deepEqual(proposal!.parents, [main]);
    assert.equal(proposal!.author, 'Pin Bot <pins@example.com>');
    assert.equal(proposal!.subject, 'Pin and update container image digests');
    const basePinned = (await remote.read(BRANCH, 'Dockerfile'))!;
    const baseDigest = /@(sha256:[0-9a-f]{64})/.exec(basePinned)![1]!;
    assert.equal(basePinned, `FROM ${base}@${baseDigest}\nRUN make\n`);
    assert.equal(
      await remote.read(BRANCH, 'deploy/compose.yaml'),
      `services:\n  db:\n    image: ${registry.host}/app/db:2@${db.digest}\n`,
    );
    assert.ok(proposal!.body.includes(`Pinned by basepin:\n- Dockerfile:1 ${base} to ${baseDigest}`), proposal!.body);
    assert.ok(
      proposal!.body.includes(
        `Moved by basepin:\n- deploy/compose.yaml:3 ${registry.host}/app/db:2 from ${oldDb.digest} to ${db.digest}`,
      ),
    );

    // One pull request from the branch into main, saying what changed, with the image diff of the moved pin.
    assert.equal(forge.pulls.length, 1);
    const [pull] = forge.pulls;
    assert.deepEqual([pull!.head, pull!.base, pull!.title], [BRANCH, 'main', 'Pin and update container image digests']);
    assert.match(
      pull!.body,
      /^basepin pinned 1 reference and moved 1 stale pin to the digests their tags point at now\.$/m,
    );
    assert.ok(
      pull!.body.includes(`| \`Dockerfile\` | 1 | \`${base}\` | unpinned | \`${baseDigest.slice(0, 19)}\` |`),
      pull!.body,
    );
    assert.ok(
      pull!.body.includes(
        `| \`deploy/compose.yaml\` | 3 | \`${registry.host}/app/db:2\` | \`${oldDb.digest.slice(0, 19)}\` |`,
      ),
    );
    assert.match(pull!.body, /### What changed in `\S+\/app\/db:2` since `sha256:[0-9a-f]{12}`\n\n- labels: /);
    assert.ok(forge.requests.every((request) => request.headers.authorization === `Bearer ${TOKEN}`));

    // Twice: the branch already holds this change; nothing is pushed, the pull request is left as it is.
    const second = await updatePr(checkout, ...forgeArgs('acme/one'), '--json');
    assert.equal(second.code, 0, second.stderr);
    const again = second.json();
    assert.deepEqual(
      [again.status, again.pullRequest?.action, again.commit],
      ['unchanged', 'unchanged', proposal!.commit],
    );
    assert.equal(await remote.head(BRANCH), proposal!.commit);

    // Someone commits to main, then the db tag moves again: the same branch, rebuilt on main, the same pull request.
    const mainNow = await remote.push('main', { 'NOTES.md': 'notes\n' }, 'notes');
    const newer = await repushTag(target(), 'app/db', '2');
    const third = await updatePr(checkout, ...forgeArgs('acme/one'), '--json');
    assert.equal(third.code, 0, third.stderr);
    assert.deepEqual([third.json().status, third.json().pullRequest?.action], ['updated', 'updated']);
    const [rebuilt] = await remote.log(BRANCH);
    assert.deepEqual(rebuilt!.parents, [mainNow]);
    assert.equal(
      await remote.read(BRANCH, 'deploy/compose.yaml'),
      `services:\n  db:\n    image: ${registry.host}/app/db:2@${newer.digest}\n`,
    );
    assert.equal(forge.pulls.length, 1, 'never a second pull request');
    assert.ok(forge.pulls[0]!.body.includes(`\`${newer.digest.slice(0, 19)}\``));

    // Merged: main holds the proposal, so everything is current and nothing happens.
    await remote.push(
      'main',
      {
        Dockerfile: (await remote.read(BRANCH, 'Dockerfile'))!,
        'deploy/compose.yaml': (await remote.read(BRANCH, 'deploy/compose.yaml'))!,
      },
      'merge',
    );
    const heads = [await remote.head('main'), await remote.head(BRANCH)];
    const requests = forge.requests.length;
    const fourth = await updatePr(checkout, ...forgeArgs('acme/one'));
    assert.equal(fourth.code, 0, fourth.stderr);
    assert.match(fourth.stdout, /^current +main$/m);
    assert.deepEqual([await remote.head('main'), await remote.head(BRANCH)], heads);
    assert.equal(forge.requests.length, requests, 'no forge call');
  });

  test('a reference that cannot be resolved is reported (exit 2) while the others are still proposed', async () => {
    const pushed = await pushDockerImage(target(), 'app/tools', '3');
    const { remote, checkout } = await repository('partial', {
      Dockerfile: `FROM ${registry.host}/app/tools:3\nCOPY --from=${registry.host}/app/missing:1 /x /x\n`,
    });
    const result = await updatePr(checkout, '--no-pull-request');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^Dockerfile:2:\d+: error: .*missing/m);
    assert.equal(
      await remote.read(BRANCH, 'Dockerfile'),
      `FROM ${registry.host}/app/tools:3@${pushed.digest}\nCOPY --from=${registry.host}/app/missing:1 /x /x\n`,
    );
    assert.equal(forge.pulls.filter((pull) => pull.project === 'acme/partial').length, 0, '--no-pull-request');
  });

  test('nothing is pushed without a forge token; bad options are one line and exit 2', async () => {
    await pushDockerImage(target(), 'app/token', '1');
    const { remote, checkout } = await repository('token', { Dockerfile: `FROM ${registry.host}/app/token:1\n` });
    const missing = await runBasepin(
      checkout,
      ['update-pr', '--workdir', path.join(root.dir, 'work'), ...forgeArgs('acme/token')],
      {},
    );
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /GITHUB_TOKEN is not set/);
    assert.deepEqual(await remote.branches(), ['main']);

    const noRepo = await runBasepin(root.dir, ['update-pr'], {});
    assert.equal(noRepo.code, 2);
    assert.match(
      noRepo.stderr,
      /^basepin: no --repo given, and .* is not in a git repository with an origin remote\n$/,
    );
    const plainHttp = await updatePr(
      checkout,
      '--forge',
      'github',
      '--forge-api',
      'http://forge.example/api/v3',
      '--forge-project',
      'a/b',
    );
    assert.equal(plainHttp.code, 2);
    assert.match(plainHttp.stderr, /--forge-api http:\/\/forge\.example\/api\/v3: must be an https URL/);
    const sameBranch = await updatePr(checkout, '--branch', 'main', '--no-pull-request');
    assert.equal(sameBranch.code, 2);
    assert.match(sameBranch.stderr, /the proposal branch main cannot be the branch it proposes to/);
    assert.deepEqual(await remote.branches(), ['main']);
  });
});
