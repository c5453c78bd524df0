/**
 * The pre-commit hooks (.pre-commit-hooks.yaml) with Debian's real `pre-commit`: `pre-commit try-repo` installs this
 * repository as a node hook (npm install, npm pack, npm install -g into its own environment, the npm registry being
 * reachable and npm's cache filled by `npm ci`) and runs it on a git repository whose references point at the real
 * test registry. The hook repository is this checkout's files, committed once in a temporary repository, so that the
 * environment is installed once and reused by every run (try-repo on a tree with uncommitted changes would make a new
 * one each time).
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { extractorFor } from '../src/extract/index.js';
import { scratch } from './support/git.js';
import { onPath } from './support/process.js';
import { pushDockerImage, type Pushed } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';

const exec = promisify(execFile);
const root = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
const IDENTITY = ['-c', 'user.name=Tester', '-c', 'user.email=tester@example.com', '-c', 'commit.gpgsign=false'];

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
}

const hooks = parse(await readFile(path.join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

describe('the pre-commit hooks', () => {
  test('`files` selects exactly the files basepin reads', () => {
    // Python's re.search and JavaScript agree on this pattern (groups, classes, anchors only).
    const files = new RegExp(hooks[0]!.files);
    const read = [
      'Dockerfile',
      'app/Containerfile',
      'Dockerfile.prod',
      'build/api.Dockerfile',
      'compose.yaml',
      'docker-compose.override.yml',
      'k8s/deployment.yaml',
      'kustomization.yaml',
      'overlays/prod/Kustomization',
      '.github/workflows/ci.yml',
      'action.yml',
      '.gitlab-ci.yml',
      '.devcontainer/devcontainer.json',
      '.devcontainer/python/devcontainer.json',
      '.devcontainer.json',
      'docker-bake.hcl',
      'docker-bake.json',
      'docker-bake.override.hcl',
    ];
    for (const file of read) {
      assert.ok(files.test(file), `${file} is passed to the hook`);
      assert.ok(extractorFor(file) !== undefined, `basepin reads ${file}`);
    }
    for (const file of [
      'README.md',
      'package.json',
      'src/index.ts',
      'Dockerfile.d/notes.txt',
      'Dockerfile-guide.txt',
      'bake.hcl',
    ]) {
      assert.equal(files.test(file), false, `${file} is not`);
      assert.equal(extractorFor(file), undefined, `basepin does not read ${file}`);
    }
    assert.deepEqual(
      hooks.map((hook) => [hook.id, hook.entry, hook.language]),
      [
        ['basepin-check', 'basepin check', 'node'],
        ['basepin-pin', 'basepin pin', 'node'],
      ],
    );
    assert.ok(hooks.every((hook) => hook.files === hooks[0]!.files));
  });

  describe('with pre-commit try-repo', {
    skip: onPath('pre-commit') ? false : 'pre-commit is not installed (scripts/test-deps.sh installs it)',
  }, () => {
    let registry: RunningRegistry;
    let work: Awaited<ReturnType<typeof scratch>>;
    let pushed: Pushed;
    let hookRepo: string;
    let target: string;

    before(async () => {
      registry = await startRegistry();
      pushed = await pushDockerImage({ url: registry.url }, 'hooks/base', '1');
      work = await scratch('basepin-pre-commit-');
      hookRepo = path.join(work.dir, 'hooks');
      const { stdout } = await exec('git', [
        '-C',
        root,
        'ls-files',
        '-z',
        '--cached',
        '--others',
        '--exclude-standard',
      ]);
      await exec('git', ['init', '--quiet', hookRepo]);
      for (const file of stdout.split('\0').filter((one) => one !== '' && !one.startsWith('node_modules'))) {
        await cp(path.join(root, file), path.join(hookRepo, file), { recursive: true, verbatimSymlinks: true }).catch(
          (error) => {
            if (error.code !== 'ENOENT') throw error; // deleted in the work tree, not yet committed
          },
        );
      }
      await exec('git', ['-C', hookRepo, 'add', '--all']);
      await exec('git', ['-C', hookRepo, ...IDENTITY, 'commit', '--quiet', '-m', 'hooks']);

      target = path.join(work.dir, 'target');
      await mkdir(path.join(target, 'k8s'), { recursive: true });
      await exec('git', ['init', '--quiet', target]);
      await writeFile(path.join(target, 'Dockerfile'), `FROM ${registry.host}/hooks/base:1\nRUN make\n`);
      const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: ${registry.host}/hooks/base:1@${pushed.digest}\n`;
      await writeFile(path.join(target, 'k8s/pod.yaml'), pod);
      await writeFile(path.join(target, 'README.md'), `FROM ${registry.host}/hooks/base:1 is how it starts\n`);
      await exec('git', ['-C', target, 'add', '--all']);
    });
    after(async () => {
      await registry?.stop();
      await work?.remove();
    });

    /** `pre-commit try-repo HOOKS ID --files ...` in the target repository: exit code and output. */
    async function tryRepo(id: string, files: string[]): Promise<{ code: number; output: string }> {
      const inherited = Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')),
      );
      const env = {
        ...inherited,
        PRE_COMMIT_HOME: path.join(work.dir, 'pre-commit-home'),
        PRE_COMMIT_COLOR: 'never',
        // Dependencies come from the cache `npm ci` filled, from the registry only when missing there.
        npm_config_prefer_offline: 'true',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
      };
      try {
        const { stdout, stderr } = await exec('pre-commit', ['try-repo', hookRepo, id, '--files', ...files], {
          cwd: target,
          env,
          timeout: 300_000,
        });
        return { code: 0, output: stdout + stderr };
      } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        if (typeof failed.code !== 'number') throw error;
        return { code: failed.code, output: `${failed.stdout}${failed.stderr}` };
      }
    }

    test('basepin-check fails on an unpinned reference; basepin-pin pins it; then basepin-check passes', {
      timeout: 600_000,
    }, async () => {
      const files = ['Dockerfile', 'k8s/pod.yaml', 'README.md'];
      const unpinned = await tryRepo('basepin-check', files);
      assert.equal(unpinned.code, 1, unpinned.output);
      assert.match(unpinned.output, /basepin check \(image references pinned and current\)\.+Failed/);
      assert.match(unpinned.output, /Dockerfile:1:\d+/);
      assert.doesNotMatch(unpinned.output, /README\.md/, 'README.md is not passed to basepin');

      const pin = await tryRepo('basepin-pin', files);
      assert.equal(pin.code, 1, 'pre-commit fails a hook that changed files');
      assert.match(
        pin.output,
        /basepin pin \(pin image references to digests\)\.+Failed[\s\S]*files were modified by this hook/,
      );
      assert.equal(
        await readFile(path.join(target, 'Dockerfile'), 'utf8'),
        `FROM ${registry.host}/hooks/base:1@${pushed.digest}\nRUN make\n`,
      );
      assert.equal(
        await readFile(path.join(target, 'README.md'), 'utf8'),
        `FROM ${registry.host}/hooks/base:1 is how it starts\n`,
      );

      const pinned = await tryRepo('basepin-check', files);
      assert.equal(pinned.code, 0, pinned.output);
      assert.match(pinned.output, /basepin check \(image references pinned and current\)\.+Passed/);
    });
  });
});
