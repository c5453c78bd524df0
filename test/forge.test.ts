import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadDependents } from '../src/dependents/index.js';
import { propagate } from '../src/propagate/index.js';
import { RegistryClient } from '../src/registry/index.js';
import { runBasepin } from './support/cli.js';
import { startForgeStub, type ForgeStub } from './support/forge-stub.js';
import { createBareRepo, scratch, type BareRepo } from './support/git.js';
import { pushDockerImage, repushTag } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';

const TOKEN = 'ghp_s3cr3tT0ken';
const BRANCH = 'basepin/platform/base-2';

describe('pull requests, against a local stand-in for the GitHub and GitLab APIs (no forge runs here)', () => {
  let registry: RunningRegistry;
  let forge: ForgeStub;
  let root: Awaited<ReturnType<typeof scratch>>;
  let image: string;
  let github: BareRepo;
  let gitlab: BareRepo;
  let dir: string;
  /** The digest the dependents' main branches pin (pull-request mode never changes main). */
  let pinned: string;
  const env = { TEST_GITHUB_TOKEN: TOKEN, TEST_GITLAB_TOKEN: TOKEN };

  /** `basepin propagate` in process; `overrides` change the environment for this run. */
  async function basepin(argv: string[] = [], overrides: Record<string, string | undefined> = {}) {
    const result = await runBasepin(dir, ['propagate', '--image', image, '--workdir', 'work', ...argv], {
      ...env,
      ...overrides,
    });
    assert.ok(!(result.stdout + result.stderr).includes(TOKEN), 'the token never appears in output');
    return result;
  }

  before(async () => {
    [registry, forge, root] = await Promise.all([startRegistry(), startForgeStub(TOKEN), scratch('basepin-forge-')]);
    image = `${registry.host}/platform/base:2`;
    pinned = (await pushDockerImage({ url: registry.url }, 'platform/base', '2')).digest;
    github = await createBareRepo(root.dir, 'github-app', { Dockerfile: `FROM ${image}@${pinned}\n` });
    gitlab = await createBareRepo(root.dir, 'gitlab-app', { Dockerfile: `FROM ${image}@${pinned}\n` });
    dir = path.join(root.dir, 'ci');
    await mkdir(dir);
    await writeFile(
      path.join(dir, 'basepin-dependents.yaml'),
      [
        'dependents:',
        `  - repo: ${github.url}`,
        `    forge: { type: github, api: ${forge.url}/api/v3, project: team/app, tokenEnv: TEST_GITHUB_TOKEN }`,
        `  - repo: ${gitlab.url}`,
        `    forge: { type: gitlab, api: ${forge.url}/api/v4, project: group/sub/app, tokenEnv: TEST_GITLAB_TOKEN }`,
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    await Promise.all([registry?.stop(), forge?.close()]);
    await root?.remove();
  });

  test('a pull request is opened once, left alone when nothing changed, and updated when a newer digest arrives', async () => {
    const moved = await repushTag({ url: registry.url }, 'platform/base', '2');
    const first = await basepin();
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      new RegExp(`^updated .*github-app\\.git +${BRANCH} +1 reference +created ${forge.url}/team/app/pull/1$`, 'm'),
    );
    assert.match(
      first.stdout,
      new RegExp(
        `^updated .*gitlab-app\\.git +${BRANCH} +1 reference +created ${forge.url}/group/sub/app/-/merge_requests/1$`,
        'm',
      ),
    );

    const title = `Update ${image} to ${moved.digest.slice(0, 19)}`;
    const created = forge.requests.splice(0).map(({ method, url, body }) => ({ method, url, body }));
    const bodyOf = (request: { body: unknown }, key: string) => (request.body as Record<string, string>)[key]!;
    const githubBody = bodyOf(
      created.find((request) => request.method === 'POST' && request.url.includes('/v3/'))!,
      'body',
    );
    const gitlabBody = bodyOf(
      created.find((request) => request.method === 'POST' && request.url.includes('/v4/'))!,
      'description',
    );
    assert.ok(githubBody.includes(`now points at \`${moved.digest}\``), githubBody);
    assert.ok(githubBody.includes(`| \`Dockerfile\` | 1 |`), githubBody);
    assert.equal(gitlabBody, githubBody);
    assert.deepEqual(
      sortByUrl(created),
      sortByUrl([
        {
          method: 'GET',
          url: `/api/v3/repos/team/app/pulls?state=open&head=team%3Abasepin%2Fplatform%2Fbase-2&base=main`,
          body: undefined,
        },
        {
          method: 'POST',
          url: '/api/v3/repos/team/app/pulls',
          body: { title, head: BRANCH, base: 'main', body: githubBody },
        },
        {
          method: 'GET',
          url: `/api/v4/projects/group%2Fsub%2Fapp/merge_requests?state=opened&source_branch=basepin%2Fplatform%2Fbase-2&target_branch=main`,
          body: undefined,
        },
        {
          method: 'POST',
          url: '/api/v4/projects/group%2Fsub%2Fapp/merge_requests',
          body: {
            source_branch: BRANCH,
            target_branch: 'main',
            title,
            description: gitlabBody,
            remove_source_branch: true,
          },
        },
      ]),
    );

    // Nothing changed: only the lookups, with the headers each API expects.
    await basepin();
    const again = forge.requests.splice(0);
    assert.deepEqual(again.map(({ method, url }) => `${method} ${url.split('?')[0]}`).sort(), [
      'GET /api/v3/repos/team/app/pulls',
      'GET /api/v4/projects/group%2Fsub%2Fapp/merge_requests',
    ]);
    const githubGet = again.find((request) => request.url.includes('/v3/'))!;
    assert.equal(githubGet.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(githubGet.headers.accept, 'application/vnd.github+json');
    assert.equal(githubGet.headers['x-github-api-version'], '2022-11-28');
    assert.equal(githubGet.headers['user-agent'], 'basepin');
    assert.equal(again.find((request) => request.url.includes('/v4/'))!.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(forge.pulls.length, 2, 'no duplicate pull requests');

    const newer = await repushTag({ url: registry.url }, 'platform/base', '2');
    const third = await basepin();
    assert.equal(third.code, 0, third.stderr);
    assert.match(third.stdout, /updated .*github-app\.git .* updated http/);
    const newTitle = `Update ${image} to ${newer.digest.slice(0, 19)}`;
    const updates = forge.requests.splice(0).filter((request) => request.method !== 'GET');
    assert.deepEqual(
      sortByUrl(updates).map(({ method, url, body }) => [
        method,
        url,
        Object.keys(body as object),
        (body as { title: string }).title,
      ]),
      [
        ['PATCH', '/api/v3/repos/team/app/pulls/1', ['title', 'body'], newTitle],
        ['PUT', '/api/v4/projects/group%2Fsub%2Fapp/merge_requests/1', ['title', 'description'], newTitle],
      ],
    );
    assert.ok(forge.pulls.every((pull) => pull.body.includes(`now points at \`${newer.digest}\``)));
    assert.deepEqual(
      forge.pulls.map((pull) => [pull.number, pull.title, pull.head, pull.base]),
      [
        [1, newTitle, BRANCH, 'main'],
        [1, newTitle, BRANCH, 'main'],
      ],
    );
    assert.equal(await github.read(BRANCH, 'Dockerfile'), `FROM ${image}@${newer.digest}\n`);
  });

  test('a missing token fails before anything is pushed; a refused API call is reported and healed by the next run', async () => {
    const moved = await repushTag({ url: registry.url }, 'platform/base', '2');
    const headBefore = await github.head(BRANCH);
    const { stdout, stderr, code } = await basepin([], { TEST_GITHUB_TOKEN: undefined });
    assert.equal(code, 2);
    assert.match(stdout, /^failed +\S+github-app\.git$/m);
    assert.match(stderr, /github-app\.git: error: the forge token variable TEST_GITHUB_TOKEN is not set/);
    assert.equal(await github.head(BRANCH), headBefore, 'nothing pushed without a token');
    assert.ok(!(await github.read(BRANCH, 'Dockerfile'))!.includes(moved.digest));
    forge.requests.splice(0);

    const newer = await repushTag({ url: registry.url }, 'platform/base', '2');
    forge.failNext(422, { message: 'Validation Failed', errors: [{ code: 'custom', message: 'nope' }] });
    const refused = await basepin(['--concurrency', '1']);
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      new RegExp(
        `github-app\\.git: error: pushed ${BRANCH}, but GitHub API GET ${forge.url}/api/v3/repos/team/app/pulls\\?\\S+ answered 422: Validation Failed`,
      ),
    );
    assert.equal(await github.read(BRANCH, 'Dockerfile'), `FROM ${image}@${newer.digest}\n`);

    const healed = await basepin();
    assert.equal(healed.code, 0, healed.stderr);
    assert.match(healed.stdout, /^unchanged .*github-app\.git .* updated http/m);
  });

  test('describeChange adds what changed in the image to the pull request body', async () => {
    const to = (await repushTag({ url: registry.url }, 'platform/base', '2')).digest;
    forge.requests.splice(0);
    const calls: string[][] = [];
    const resolver = new RegistryClient();
    const describeChange = async (...args: string[]) => {
      calls.push(args);
      return 'openssl 3.0.13 -> 3.0.14';
    };
    const dependents = await loadDependents(dir);
    const propagation = await propagate({
      image,
      dependents,
      resolver,
      env,
      workdir: path.join(dir, 'work'),
      describeChange,
    }).finally(() => resolver.close());
    assert.deepEqual(
      propagation.results.map((result) => result.status),
      ['updated', 'updated'],
    );
    assert.deepEqual(calls, [[image, pinned, to]], 'asked once for the whole propagation');
    const patch = forge.requests.find((request) => request.method === 'PATCH')!;
    assert.ok(
      (patch.body as { body: string }).body.includes('### What changed in the image\n\nopenssl 3.0.13 -> 3.0.14\n'),
    );
  });
});

function sortByUrl<T extends { method: string; url: string }>(requests: T[]): T[] {
  return [...requests].sort((a, b) => `${a.url} ${a.method}`.localeCompare(`${b.url} ${b.method}`));
}
