import { runCli } from '../../src/cli/program.js';

/** Runs the basepin command line in process, in `cwd` with `env`, capturing what it writes. */
export async function runBasepin(cwd: string, argv: readonly string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, cwd, env };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
