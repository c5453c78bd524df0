/**
 * Real git repositories for tests: a bare remote on disk (what a dependent's `repo:` points at) seeded with files,
 * with helpers to read its branches and to push commits as someone else would.
 */

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeFiles } from './files.js';

const exec = promisify(execFile);
const IDENTITY = ['-c', 'user.name=Tester', '-c', 'user.email=tester@example.com', '-c', 'commit.gpgsign=false'];

async function git(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await exec('git', cwd === undefined ? args : ['-C', cwd, ...args], {
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  return stdout;
}

export interface Commit {
  commit: string;
  parents: string[];
  author: string;
  subject: string;
  body: string;
}

export interface BareRepo {
  /** The remote's path: a git URL as a local path. */
  url: string;
  /** The file's text on `branch`, or undefined when the branch or file does not exist. */
  read(branch: string, file: string): Promise<string | undefined>;
  /** The branch's commit, or undefined. */
  head(branch: string): Promise<string | undefined>;
  /** Every branch name. */
  branches(): Promise<string[]>;
  /** Commits reachable from `branch`, newest first. */
  log(branch: string): Promise<Commit[]>;
  /** Pushes a commit changing `files` on `branch`, as another person would. */
  push(branch: string, files: Record<string, string>, message: string): Promise<string>;
}

/** A bare repository in `root`, with one commit of `files` on `branch` (also its default branch). */
export async function createBareRepo(
  root: string,
  name: string,
  files: Record<string, string>,
  branch = 'main',
): Promise<BareRepo> {
  const url = path.join(root, `${name}.git`);
  await git(['init', '--quiet', '--bare', `--initial-branch=${branch}`, url]);
  const repo: BareRepo = {
    url,
    read: (ref, file) => git(['--git-dir', url, 'show', `refs/heads/${ref}:${file}`]).catch(() => undefined),
    head: async (ref) =>
      (await git(['--git-dir', url, 'rev-parse', '--verify', '--quiet', `refs/heads/${ref}`]).catch(() => '')).trim() ||
      undefined,
    branches: async () =>
      (await git(['--git-dir', url, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/']))
        .split('\n')
        .filter(Boolean),
    log: async (ref) => {
      const output = await git([
        '--git-dir',
        url,
        'log',
        '-z',
        '--format=%H%x1f%P%x1f%an <%ae>%x1f%s%x1f%b',
        `refs/heads/${ref}`,
      ]);
      return output
        .split('\0')
        .filter(Boolean)
        .map((record) => {
          const [commit, parents, author, subject, body] = record.split('\x1f');
          return {
            commit: commit!,
            parents: parents!.split(' ').filter(Boolean),
            author: author!,
            subject: subject!,
            body: body!.trim(),
          };
        });
    },
    push: (ref, changed, message) => commitAndPush(url, ref, changed, message),
  };
  await commitAndPush(url, branch, files, 'initial commit');
  return repo;
}

async function commitAndPush(
  url: string,
  branch: string,
  files: Record<string, string>,
  message: string,
): Promise<string> {
  const work = await mkdtemp(path.join(tmpdir(), 'basepin-seed-'));
  try {
    await git(['init', '--quiet', `--initial-branch=${branch}`, work]);
    if (await git(['ls-remote', url, `refs/heads/${branch}`]).then((out) => out !== '')) {
      await git(['fetch', '--quiet', url, branch], work);
      await git(['reset', '--quiet', '--hard', 'FETCH_HEAD'], work);
    }
    await writeFiles(work, files);
    await git(['add', '--all'], work);
    await git([...IDENTITY, 'commit', '--quiet', '-m', message], work);
    await git(['push', '--quiet', url, `HEAD:refs/heads/${branch}`], work);
    return (await git(['rev-parse', 'HEAD'], work)).trim();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** A temporary directory for repositories and work trees; `remove()` deletes it. */
export async function scratch(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
