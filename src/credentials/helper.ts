/** Runs `docker-credential-NAME get` as the docker CLI does: the server URL on stdin, JSON on stdout, bounded by a timeout. */

import { execFile } from 'node:child_process';
import { isNotFound, parseHelperOutput } from './helper-protocol.js';
import { CredentialsError, type Credentials } from './types.js';

export interface HelperOptions {
  /** The environment the helper runs in (its PATH finds it). */
  env: Record<string, string | undefined>;
  timeoutMs: number;
  /** Kills the helper when it aborts (the run's deadline). */
  signal?: AbortSignal;
}

/** Longest part of a failing helper's own message quoted in the error. */
const MESSAGE_LIMIT = 200;

/** The helper's credentials for `serverUrl`; undefined when it has none. Throws `CredentialsError` when it fails. */
export async function runCredentialHelper(
  name: string,
  serverUrl: string,
  options: HelperOptions,
): Promise<Credentials | undefined> {
  const program = `docker-credential-${name}`;
  const { code, stdout, stderr, failure } = await run(program, serverUrl, options);
  if (failure !== undefined) throw new CredentialsError(`credential helper ${program} could not run: ${failure}`);
  if (code !== 0) {
    if (isNotFound(stdout)) return undefined;
    const said = failureMessage(stderr, stdout);
    const failed = `credential helper ${program} failed for ${serverUrl} (exit status ${code})`;
    throw new CredentialsError(said === undefined ? failed : `${failed}: ${said}`);
  }
  try {
    return parseHelperOutput(stdout);
  } catch (error) {
    throw new CredentialsError(`credential helper ${program} ${(error as Error).message}`);
  }
}

/**
 * What a failed helper said, as docker shows it ("reauthentication required"): the first line of its stderr, else of
 * its stdout, capped. Never the protocol's JSON answer, which carries the secret.
 */
function failureMessage(stderr: string, stdout: string): string | undefined {
  for (const output of [stderr, stdout]) {
    if (holdsSecret(output)) continue;
    const line = output
      .split('\n')
      .map((text) => text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim())
      .find(Boolean);
    if (line !== undefined) return line.length > MESSAGE_LIMIT ? `${line.slice(0, MESSAGE_LIMIT)}…` : line;
  }
  return undefined;
}

/** True for output that is (or holds) a JSON answer with a `Secret`. */
function holdsSecret(output: string): boolean {
  if (/"Secret"\s*:/i.test(output)) return true;
  try {
    const data = JSON.parse(output) as unknown;
    return typeof data === 'object' && data !== null && 'Secret' in data;
  } catch {
    return false;
  }
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the helper did not run to its end: not found, not executable, timed out. */
  failure?: string;
}

function run(program: string, input: string, { env, timeoutMs, signal }: HelperOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = execFile(
      program,
      ['get'],
      {
        env: definedOnly(env),
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 1024 * 1024,
        encoding: 'utf8',
        signal,
      },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code: status, stdout, stderr, failure: status === null ? describe(error, timeoutMs) : undefined });
      },
    );
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}

function describe(error: (Error & { code?: unknown; killed?: boolean }) | null, timeoutMs: number): string {
  if (error?.killed === true) return `no answer within ${timeoutMs} ms`;
  if (error?.code === 'ENOENT') return 'not found on PATH';
  return typeof error?.code === 'string' ? error.code : 'unknown error';
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
