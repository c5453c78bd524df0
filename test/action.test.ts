/**
 * The GitHub Action (action.yml), its steps run as the runner runs them (test/support/composite.ts), against the real
 * test registry, a bare git repository as the origin, and the forge stand-in for the pull request API.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runBasepin } from './support/cli.js';
import { runComposite, type CompositeOptions } from './support/composite.js';
import { startForgeStub, type ForgeStub } from './support/forge-stub.js';
import { createBareRepo, scratch } from './support/git.js';
import { pushDockerImage, repushTag } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';

const exec = promisify(execFile);
const root = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
const TOKEN = 'action-token-0123456789';

describe('the GitHub Action, step by step', () => {
  let registry: RunningRegistry;
  let forge: ForgeStub;
  let work: Awaited<ReturnType<typeof scratch>>;

  before(async () => {
    registry = await startRegistry();
    forge = await startForgeStub(TOKEN);
    work = await scratch('basepin-action-');
  });
  after(async () => {
    await forge?.close();
    await registry?.stop();
    await work?.remove();
  });

  /** A bare repository with `files` and a checkout of it (the workspace, as actions/checkout leaves it). */
  async function checkout(name: string, files: Record<string, string>) {
    const remote = await createBareRepo(work.dir, name, files);
    const workspace = path.join(work.dir, `${name}-workspace`);
    await exec('git', ['clone', '--quiet', remote.url, workspace]);
    return { remote, workspace };
  }

  /** What the runner gives a step: its environment, and a RUNNER_TEMP it created. */
  async function options(workspace: string, inputs: Record<string, string>): Promise<CompositeOptions> {
    const runnerTemp = path.join(work.dir, `runner-temp-${path.basename(workspace)}`);
    await mkdir(runnerTemp, { recursive: true });
    return {
      inputs,
      github: { token: TOKEN, server_url: 'https://github.example', repository: 'acme/app' },
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GITHUB_WORKSPACE: workspace,
        GITHUB_SERVER_URL: 'https://github.example',
        GITHUB_API_URL: `${forge.url}/api/v3`,
        GITHUB_REPOSITORY: 'acme/app',
        RUNNER_TEMP: runnerTemp,
      },
      cwd: workspace,
      tmp: work.dir,
    };
  }

  test('update mode: one branch and one pull request, with step outputs and a job summary; a second run changes nothing', async () => {
    const pushed = await pushDockerImage({ url: registry.url }, 'acme/base', '1');
    const { remote, workspace } = await checkout('update', {
      'app/Dockerfile': `FROM ${registry.host}/acme/base:1\n`,
      'README.md': 'x\n',
    });
    const first = await runComposite(
      root,
      await options(workspace, { mode: 'update', repository: remote.url, paths: 'app' }),
    );
    assert.equal(first.code, 0, JSON.stringify(first.steps, null, 2));
    assert.deepEqual(
      first.steps.map((step) => step.id),
      ['install', 'update'],
    );
    assert.equal(first.outputs.status, 'updated');
    assert.equal(first.outputs['pull-request-url'], `${forge.url}/acme/app/pull/1`);
    assert.equal(first.outputs['pull-request-number'], '1');
    assert.equal(
      await remote.read('basepin/update', 'app/Dockerfile'),
      `FROM ${registry.host}/acme/base:1@${pushed.digest}\n`,
    );
    const [commit] = await remote.log('basepin/update');
    assert.equal(commit!.author, 'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>');
    assert.deepEqual(
      forge.pulls.map((pull) => [pull.project, pull.head, pull.base]),
      [['acme/app', 'basepin/update', 'main']],
    );
    const update = first.steps[1]!;
    assert.match(
      update.summary,
      /^\*\*updated\*\*: 1 reference\(s\) on `basepin\/update`, \[pull request #1\]\(http:\S+\/pull\/1\) \(created\)\.$/m,
    );
    assert.ok(
      update.summary.includes(
        `| \`app/Dockerfile\` | 1 | \`${registry.host}/acme/base:1\` | unpinned | \`${pushed.digest.slice(0, 19)}\` |`,
      ),
    );

    // The token is masked in the log and never written to a git configuration file.
    const header = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    assert.match(update.stdout, new RegExp(`^::add-mask::${header}$`, 'm'));
    assert.doesNotMatch(
      update.stdout.replace(`::add-mask::${header}`, '') + update.stderr,
      new RegExp(`${TOKEN}|${header}`),
    );
    const clones = path.join(work.dir, 'runner-temp-update-workspace', 'basepin-work');
    for (const clone of (await readdir(clones)).filter((name) => !name.endsWith('.lock'))) {
      assert.doesNotMatch(
        await readFile(path.join(clones, clone, '.git', 'config'), 'utf8'),
        new RegExp(`${TOKEN}|${header}|extraheader`),
      );
    }

    const second = await runComposite(
      root,
      await options(workspace, { mode: 'update', repository: remote.url, paths: 'app' }),
    );
    assert.equal(second.code, 0, JSON.stringify(second.steps, null, 2));
    assert.deepEqual([second.outputs.status, second.outputs['pull-request-number']], ['unchanged', '1']);
    assert.equal(forge.pulls.length, 1);
  });

  test('update mode: a reference that cannot be resolved fails the step after the rest is proposed', async () => {
    await repushTag({ url: registry.url }, 'acme/base', '1');
    const { remote, workspace } = await checkout('broken', {
      Dockerfile: `FROM ${registry.host}/acme/base:1\nFROM ${registry.host}/acme/gone:1\n`,
    });
    const run = await runComposite(
      root,
      await options(workspace, { mode: 'update', repository: remote.url, branch: 'deps/pins' }),
    );
    assert.equal(run.code, 2);
    assert.match(run.steps[1]!.stderr, /^Dockerfile:2:\d+: error: /m);
    assert.equal(run.outputs.status, 'updated');
    assert.match(
      (await remote.read('deps/pins', 'Dockerfile'))!,
      /^FROM \S+\/acme\/base:1@sha256:[0-9a-f]{64}\nFROM \S+\/acme\/gone:1\n$/,
    );
  });

  test('a mode that is neither check nor update stops at the first step', async () => {
    const { workspace } = await checkout('mode', { Dockerfile: 'FROM scratch\n' });
    const run = await runComposite(root, await options(workspace, { mode: 'pin' }));
    assert.equal(run.code, 2);
    assert.deepEqual(
      run.steps.map((step) => step.id),
      ['install'],
    );
    assert.match(run.steps[0]!.stdout, /^::error title=basepin::mode: must be check or update, not 'pin'$/m);
  });

  test('check mode: annotations, a SARIF file, a job summary, and the exit status as fail-on says', async (t) => {
    const help = await runBasepin(root, ['check', '--help']);
    if (!/--output/.test(help.stdout) || !/--fail-on/.test(help.stdout) || !/--format/.test(help.stdout)) {
      t.skip(
        'this build of basepin check has no --format/--output/--fail-on yet (they come with the output formats work)',
      );
      return;
    }
    const pushed = await pushDockerImage({ url: registry.url }, 'acme/checked', '1');
    const { workspace } = await checkout('check', { Dockerfile: `FROM ${registry.host}/acme/checked:1\n` });
    const failing = await runComposite(root, await options(workspace, { mode: 'check' }));
    assert.equal(failing.code, 1, JSON.stringify(failing.steps, null, 2));
    const step = failing.steps.find((one) => one.id === 'check')!;
    assert.match(step.stdout, /^::(error|warning) [^\n]*file=Dockerfile,line=1,col=\d+[^\n]*::/m);
    assert.equal(failing.outputs['exit-code'], '1');
    assert.equal(failing.outputs['sarif-file'], 'basepin.sarif');
    const sarif = JSON.parse(await readFile(path.join(workspace, 'basepin.sarif'), 'utf8'));
    assert.equal(sarif.runs[0].tool.driver.name, 'basepin');
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'Dockerfile');
    assert.match(step.summary, /Dockerfile/);

    await exec('git', ['-C', workspace, 'rm', '--quiet', 'Dockerfile']);
    await exec('bash', [
      '-c',
      `printf 'FROM ${registry.host}/acme/checked:1@${pushed.digest}\\n' > '${workspace}/Dockerfile'`,
    ]);
    const passing = await runComposite(root, await options(workspace, { mode: 'check', 'sarif-file': '' }));
    assert.equal(passing.code, 0, JSON.stringify(passing.steps, null, 2));
    assert.equal(passing.outputs['exit-code'], '0');
    assert.equal(passing.outputs['sarif-file'], '');
  });
});
