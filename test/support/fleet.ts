/**
 * A fleet of dependent repositories for the propagation simulation and its benchmark: N bare git repositories on
 * disk, each pinning one image in its Dockerfile (a third of them in pull-request mode), a dependents file listing
 * them, and `basepin propagate` processes run as separate programs, as shards of a matrix would run on separate
 * machines (each with its own work directory).
 */

import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { mapBounded } from '../../src/concurrency.js';
import { createBareRepo } from './git.js';

const exec = promisify(execFile);
const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface Fleet {
  /** The dependents file. */
  dependentsFile: string;
  repos: Array<{ url: string; mode: 'push' | 'pull-request' }>;
}

/** `count` repositories under `root` whose Dockerfile is `FROM image@digest`; every third one is in pull-request mode. */
export async function createFleet(root: string, count: number, image: string, digest: string): Promise<Fleet> {
  const seed = await createBareRepo(root, 'seed', {
    Dockerfile: `FROM ${image}@${digest}\nRUN make\n`,
    'README.md': 'app\n',
  });
  // Sample hooks and descriptions are most of a new repository's files: the copies are made faster without them.
  for (const extra of ['hooks', 'description', 'info'])
    await rm(path.join(seed.url, extra), { recursive: true, force: true });
  // A forge does its housekeeping on its own schedule, not in every push (receive-pack's `gc --auto`).
  await exec('git', ['--git-dir', seed.url, 'config', 'receive.autogc', 'false']);
  const repos: Fleet['repos'] = [];
  await mkdir(path.join(root, 'fleet'), { recursive: true });
  for (let index = 0; index < count; index++) {
    const url = path.join(root, 'fleet', `app-${String(index).padStart(4, '0')}.git`);
    await cp(seed.url, url, { recursive: true });
    repos.push({ url, mode: index % 3 === 2 ? 'pull-request' : 'push' });
  }
  const dependentsFile = path.join(root, 'basepin-dependents.yaml');
  await writeFile(
    dependentsFile,
    `dependents:\n${repos.map(({ url, mode }) => `  - repo: ${url}\n    mode: ${mode}\n`).join('')}`,
  );
  return { dependentsFile, repos };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `basepin ARGS` as its own process in `cwd`. */
export function runProcess(cwd: string, args: readonly string[], timeoutMs = 600_000): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** What one repository of the fleet holds after the propagation. */
export interface Outcome {
  url: string;
  mode: 'push' | 'pull-request';
  /** Branch -> commit count. */
  branches: Map<string, number>;
  /** The Dockerfile on the branch carrying the change (main, or the proposal branch). */
  dockerfile: string | undefined;
}

/** Reads every repository of the fleet (a few at a time). */
export async function outcomes(fleet: Fleet, proposal: string): Promise<Outcome[]> {
  const git = async (url: string, ...args: string[]) => (await exec('git', ['--git-dir', url, ...args])).stdout;
  return mapBounded(fleet.repos, 8, async ({ url, mode }) => {
    const branches = new Map<string, number>();
    const listed = await git(url, 'for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads/');
    for (const [branch] of listed
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' '))) {
      branches.set(branch!, Number((await git(url, 'rev-list', '--count', `refs/heads/${branch}`)).trim()));
    }
    const changed = mode === 'push' ? 'main' : proposal;
    const dockerfile = await git(url, 'show', `refs/heads/${changed}:Dockerfile`).catch(() => undefined);
    return { url, mode, branches, dockerfile };
  });
}
