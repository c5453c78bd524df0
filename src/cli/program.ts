import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load.js';
import { referencesCommand, type ReferenceOptions } from './commands/references.js';
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';

const VERSION = '0.1.0';

/** Run the basepin command line with `argv` (without `node` and the script) and return the exit code. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  let exit = 0;
  const program = new Command('basepin')
    .description('Keep every container image reference pinned to an exact digest, and never stale.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError();

  const common = (command: Command) =>
    command
      .argument('[paths...]', 'files or directories to search (default: .)')
      .option('--json', 'print machine-readable JSON')
      .option('--image <name[:tag]>', 'only references to this image')
      .option('--config <file>', 'configuration file (default: .basepin.yaml if present)')
      .option('-v, --verbose', 'log every registry request on stderr');

  const action = (name: 'ls' | 'check' | 'pin' | 'update') => async (paths: string[], options: ReferenceOptions) => {
    exit = await referencesCommand(name, paths, options, io);
  };

  common(program.command('pin'))
    .description('pin every unpinned image reference to the digest its tag points at now')
    .option('--dry-run', 'print a unified diff and write nothing')
    .action(action('pin'));
  common(program.command('check'))
    .description('exit 1 when a reference is unpinned or stale, 2 when one cannot be checked; write nothing')
    .option('--strict', 'also fail on references basepin had to skip')
    .action(action('check'));
  common(program.command('update'))
    .description('move stale pins to the digest their tag points at now')
    .option('--dry-run', 'print a unified diff and write nothing')
    .action(action('update'));
  common(program.command('ls'))
    .description('list every image reference found, without asking any registry')
    .action(action('ls'));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exit;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ConfigError || error instanceof UsageError) {
      io.stderr.write(`basepin: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
