import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load.js';
import { registerDiff } from './commands/diff.js';
import { registerDoctor } from './commands/doctor.js';
import { registerGraphCommand } from './commands/graph.js';
import { registerInspect } from './commands/inspect.js';
import { registerPropagateCommand } from './commands/propagate.js';
import { registerReferenceCommands } from './commands/references.js';
import { registerServeCommand } from './commands/serve.js';
import { defaults } from '../defaults.js';
import { DEFAULT_AUTHOR } from '../git/author.js';
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';
import { VERSION } from '../version.js';

/**
 * Adds one or more commands to the program. An action reports its exit code with `exit(code)`; throwing a
 * ConfigError or UsageError prints the message and exits 2.
 */
export type Register = (program: Command, io: Io, exit: (code: number) => void) => void;

/** Every command group, in the order `basepin --help` lists them. */
const COMMANDS: Register[] = [registerReferenceCommands, registerDoctor, registerInspect, registerDiff, registerPropagateCommand, registerServeCommand, registerGraphCommand, registerUpdatePr];

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

/** `basepin update-pr`: declared here, its work loaded only when it runs. */
function registerUpdatePr(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('update-pr')
    .description('pin and move stale pins on one branch (basepin/update), and open or update one pull request for it')
    .argument('[paths...]', 'files or directories to search, relative to the repository root (default: all of it)')
    .option('--repo <url>', 'the repository (default: the origin remote of the repository in the working directory)')
    .option('--base <branch>', "the branch to bring up to date (default: the remote's default branch)")
    .option('--branch <name>', 'the branch the change is proposed on', defaults.updatePullRequest.branch)
    .option('--forge <type>', 'github or gitlab (default: inferred for github.com and gitlab.com URLs)')
    .option('--forge-api <url>', 'the forge API (e.g. https://ghe.example.com/api/v3)')
    .option('--forge-project <path>', 'owner/name on GitHub, group/name on GitLab (default: read from the URL)')
    .option('--token-env <name>', 'the variable holding the forge token (default: GITHUB_TOKEN, or GITLAB_TOKEN)')
    .option('--no-pull-request', 'push the branch, open no pull request')
    .option('--workdir <dir>', 'where the clone is kept between runs (default: ~/.cache/basepin/work)')
    .option('--git-author <author>', `commit as "Name <email>" (default: "${DEFAULT_AUTHOR.name} <${DEFAULT_AUTHOR.email}>")`)
    .option('--config <file>', 'configuration file for registries (default: .basepin.yaml if present)')
    .option('--json', 'print machine-readable JSON')
    .option('-v, --verbose', 'log every registry request on stderr')
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const { updatePrCommand } = await import('./commands/update-pr.js');
      exit(await updatePrCommand(paths, options, io));
    });
}
