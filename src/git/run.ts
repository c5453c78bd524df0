/**
 * Runs git as a child process: never prompts (`GIT_TERMINAL_PROMPT=0`, SSH in batch mode unless the caller chose an
 * SSH command), answers in English, and is killed after a timeout together with everything it started (ssh,
 * credential helpers): git runs in its own process group, and the timeout kills the group. Authentication is
 * whatever the environment provides: credential helpers, an SSH agent, tokens in URLs. Errors carry the redacted
 * command and stderr.
 */

import { defaults } from '../defaults.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { redact } from './redact.js';

export interface GitOptions {
  /** The repository to run in (`git -C`). */
  cwd?: string;
  /** Written to git's standard input. */
  input?: string;
  /** Milliseconds before git, and every process it started, is killed. */
  timeoutMs?: number;
}

/** A git command that failed: its arguments and stderr, with URL credentials removed. */
export class GitError extends Error {
  override name = 'GitError';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    /** What git wrote on standard output before failing (`push --porcelain` reports rejections there). */
    readonly stdout = '',
  ) {
    super(
      `${command} failed${exitCode === null ? ' (killed)' : ` (exit ${exitCode})`}: ${gist(stderr) || 'no message'}`,
    );
  }
}

/** Runs `git ARGS`, resolving with its standard output; rejects with GitError unless it exits 0. */
export function git(args: readonly string[], options: GitOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', options.cwd === undefined ? args : ['-C', options.cwd, ...args], {
      env: gitEnvironment(process.env),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const timer = setTimeout(() => killGroup(child), options.timeoutMs ?? defaults.gitTimeoutMs);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new GitError(describe(args), null, redact(error.message)));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      const out = Buffer.concat(stdout).toString('utf8');
      if (code === 0) resolve(out);
      else reject(new GitError(describe(args), code, redact(Buffer.concat(stderr).toString('utf8')), redact(out)));
    });
    if (child.stdin) {
      child.stdin.once('error', () => undefined); // git may exit before reading it all; its exit status says why
      child.stdin.end(options.input);
    }
  });
}

/** Kills git's process group: git and whatever it started that is still running (ssh, credential helpers). */
function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // The group has just ended on its own.
  }
}

function gitEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  if (env.GIT_SSH_COMMAND === undefined && env.GIT_SSH === undefined) result.GIT_SSH_COMMAND = 'ssh -o BatchMode=yes';
  return result;
}

/** `git fetch`: the subcommand, after any `-c name=value` settings. */
function describe(args: readonly string[]): string {
  let index = 0;
  while (args[index] === '-c') index += 2;
  return `git ${args[index] ?? ''}`.trimEnd();
}

/** What to show of git's stderr: its `fatal:`/`error:` lines when there are any, else its last lines. */
function gist(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const errors = lines.filter((line) => /^(fatal|error):/.test(line));
  return (errors.length > 0 ? errors : lines).slice(-3).join(' / ');
}
