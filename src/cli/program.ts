import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load.js';
import { registerDiff } from './commands/diff.js';
import { registerDoctor } from './commands/doctor.js';
import { registerGraphCommand } from './commands/graph.js';
import { registerInspect } from './commands/inspect.js';
import { registerPropagateCommand } from './commands/propagate.js';
import { registerReferenceCommands } from './commands/references.js';
import { registerServeCommand } from './commands/serve.js';
import { registerUpdatePrCommand } from './commands/update-pr.js';
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';
import { VERSION } from '../version.js';

/**
 * Adds one or more commands to the program. An action reports its exit code with `exit(code)`; throwing a
 * ConfigError or UsageError prints the message and exits 2.
 */
export type Register = (program: Command, io: Io, exit: (code: number) => void) => void;

/** Every command group, in the order `basepin --help` lists them. */
const COMMANDS: Register[] = [registerReferenceCommands, registerDoctor, registerInspect, registerDiff, registerPropagateCommand, registerServeCommand, registerGraphCommand, registerUpdatePrCommand];

/** Run the basepin command line with `argv` (without `node` and the script) and return the exit code. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  let code = 0;
  const program = new Command('basepin')
    .description('Keep every container image reference pinned to an exact digest, and never stale.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError();
  for (const register of COMMANDS) register(program, io, (exit) => (code = exit));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ConfigError || error instanceof UsageError) {
      io.stderr.write(`basepin: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
