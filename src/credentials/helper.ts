/** Runs `docker-credential-NAME get` as the docker CLI does: the server URL on stdin, JSON on stdout, bounded by a timeout. */

import { execFile } from 'node:child_process';
import { isNotFound, parseHelperOutput } from './helper-protocol.js';
import { CredentialsError, type Credentials } from './types.js';

export interface HelperOptions {
  /** The environment the helper runs in (its PATH finds it). */
  env: Record<string, string | undefined>;
  timeoutMs: number;
}

/** The helper's credentials for `serverUrl`; undefined when it has none. Throws `CredentialsError` when it fails. */
export async function runCredentialHelper(name: string, serverUrl: string, options: HelperOptions): Promise<Credentials | undefined> {
  const program = `docker-credential-${name}`;
  const { code, stdout, failure } = await run(program, serverUrl, options);
  if (failure !== undefined) throw new CredentialsError(`credential helper ${program} could not run: ${failure}`);
  if (code !== 0) {
    if (isNotFound(stdout)) return undefined;
    throw new CredentialsError(`credential helper ${program} failed for ${serverUrl} (exit status ${code})`);
  }
  try {
    return parseHelperOutput(stdout);
  } catch (error) {
    throw new CredentialsError(`credential helper ${program} ${(error as Error).message}`);
  }
}

interface Outcome {
  code: number | null;
  stdout: string;
  /** Set when the helper did not run to its end: not found, not executable, timed out. */
  failure?: string;
}

function run(program: string, input: string, { env, timeoutMs }: HelperOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = execFile(
      program,
      ['get'],
      { env: definedOnly(env), timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, encoding: 'utf8' },
      (error, stdout) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code: status, stdout, failure: status === null ? describe(error, timeoutMs) : undefined });
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
