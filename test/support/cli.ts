import { runCli } from '../../src/cli/program.js';

/** What a command line run printed and returned; `json()` parses its stdout as a `Json`. */
export interface CliRun<Json> {
  code: number;
  stdout: string;
  stderr: string;
  json(): Json;
}

/** Runs the basepin command line in process, in `cwd` with `env` as its whole environment, capturing what it writes. */
export async function runBasepin<Json = unknown>(
  cwd: string,
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<CliRun<Json>> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
    env,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as Json };
}
