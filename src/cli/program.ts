/**
 * The command line: every command, argument and option declared here, once; each command's work is a plain function
 * in `commands/`, imported only when that command runs (so `basepin --version` and `basepin ls` load neither the HTTP
 * stack nor git). Whatever a command throws goes to the error map (errors.ts), the only place besides a command's
 * findings that decides an exit status.
 */

import { Command, CommanderError, Option } from 'commander';
import { defaults } from '../defaults.js';
import { DEFAULT_AUTHOR } from '../git/light.js';
import type { Io } from './io.js';
import { helpAfter } from './help.js';
import { FORMATS } from './output/types.js';
import { packageInfo } from './version.js';

/**
 * A command's work: its positional arguments, its options (with the global ones; commander has checked them against
 * the declarations below, so each command names their type) and the I/O; returns the exit status.
 */
// biome-ignore lint/suspicious/noExplicitAny: commander's parse result, typed by each command
type Work = (args: unknown[], options: any, io: Io) => Promise<number>;

/** Options every command takes, recognised before or after the command name. */
interface GlobalOptions {
  verbose?: boolean;
  quiet?: boolean;
  color?: boolean;
}

/** Run the basepin command line with `argv` (without `node` and the script) and return the exit code. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (exit) => (code = exit));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    // Help and --version end parsing by throwing; they are not failures, so the error map is not even loaded.
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    const { reportFailure } = await import('./errors.js');
    const verbose =
      (program.opts() as GlobalOptions).verbose ?? argv.some((arg) => arg === '-v' || arg === '--verbose');
    return reportFailure(error, io, { verbose });
  }
}

function buildProgram(io: Io, exit: (code: number) => void): Command {
  const program = new Command('basepin')
    .description('Keep every container image reference pinned to an exact digest, and never stale.')
    .version(packageInfo().version, '-V, --version', 'print the version')
    .option(
      '-v, --verbose',
      'log every registry request on stderr (never credentials); internal errors with their stack',
    )
    .option('-q, --quiet', 'print only what needs attention: no rows for good references, no summary')
    .option('--color', 'color the output even when it is not a terminal')
    .option('--no-color', 'never color the output')
    .exitOverride()
    // Errors are printed by the error map, as one line; help and version go to stdout.
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => undefined,
    })
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true);

  /** Declares a command, its help epilogue and its lazily loaded work. */
  const command = (name: string, description: string, load: () => Promise<Work>) =>
    program
      .command(name)
      .description(description)
      .addHelpText('after', helpAfter(name))
      .action(async (...params: unknown[]) => {
        const self = params.at(-1) as Command;
        const options = self.optsWithGlobals() as Record<string, unknown> & GlobalOptions;
        const work = await load();
        exit(await work(params.slice(0, -2), options, { ...io, color: options.color }));
      });

  const references = (name: 'pin' | 'check' | 'update' | 'ls', description: string) =>
    withReportOptions(
      command(name, description, async () => {
        const { referencesCommand } = await import('./commands/references.js');
        return (args, options, commandIo) => referencesCommand(name, args[0] as string[], options, commandIo);
      }).argument('[paths...]', 'files or directories to search (default: .)'),
    )
      .option('--image <name[:tag]>', 'only references to this image')
      .addOption(configOption());

  /** pin, check and update ask registries. */
  const asking = (command: Command) =>
    command
      .option(
        '--verify',
        'hash every manifest (GET) instead of trusting the digest header (Docker Hub counts GETs as pulls)',
      )
      .option(
        '--timeout <duration>',
        `time allowed for each registry request (default: ${defaults.requestTimeoutMs / 1000}s)`,
      )
      .option(
        '--deadline <duration>',
        `time allowed for all registry lookups of the run (default: ${defaults.runDeadlineMs / 60_000}m)`,
      );

  asking(references('pin', 'pin every unpinned image reference to the digest its tag points at now')).option(
    '--dry-run',
    'print a unified diff and write nothing',
  );
  asking(
    references('check', 'exit 1 when a reference is unpinned or stale, 2 when one cannot be checked; write nothing'),
  )
    .addOption(
      new Option('--fail-on <what>', 'what makes the check exit 1')
        .choices(['unpinned', 'stale', 'any'])
        .default('any'),
    )
    .option('--strict', 'also fail on references basepin had to skip (not the ones ignored on purpose)')
    .option(
      '--allow-empty',
      'pass when no file basepin reads is found (else exit 2: the gate may be pointed at the wrong path)',
    );
  asking(references('update', 'move stale pins to the digest their tag points at now')).option(
    '--dry-run',
    'print a unified diff and write nothing',
  );
  references('ls', 'list every image reference found, without asking any registry')
    .option('--allow-empty', 'say nothing when no file basepin reads is found')
    .option('--unread', 'list the files that mention images basepin does not read, instead of the references');

  command(
    'doctor',
    "compare the local engine's cached images with the registry's current digests and the pins",
    async () => {
      const { doctorCommand } = await import('./commands/doctor.js');
      return (args, options, commandIo) => doctorCommand(args[0] as string[], options, commandIo);
    },
  )
    .argument('[paths...]', 'files or directories to search (default: . unless --image is given)')
    .option('--image <name[:tag]>', 'also check this image (repeatable)', collect)
    .option('--pull', 'pull the stale images through the engine')
    .addOption(jsonOption())
    .addOption(configOption());

  command(
    'inspect',
    'show an image from its registry without pulling it: digests, platforms, size, labels and history',
    async () => {
      const { inspectCommand } = await import('./commands/inspect.js');
      return (args, options, commandIo) => inspectCommand(args[0] as string, options, commandIo);
    },
  )
    .argument('<image>', 'the image, by tag or digest (name:tag, name@sha256:...)')
    .addOption(platformOption('show', 'of a multi-platform image'))
    .addOption(jsonOption())
    .addOption(configOption());

  command(
    'diff',
    'show what changed between two images: created time, labels, layers, history and platforms',
    async () => {
      const { diffCommand } = await import('./commands/diff.js');
      return (args, options, commandIo) => diffCommand(args[0] as string[], options, commandIo);
    },
  )
    .argument(
      '<images...>',
      'IMAGE@DIGEST_A IMAGE@DIGEST_B, or one IMAGE with --from DIGEST (from that pin to the tag now)',
    )
    .option('--from <digest>', 'compare this digest of IMAGE with what its tag points at now')
    .addOption(platformOption('compare', 'of multi-platform images'))
    .addOption(jsonOption())
    .addOption(configOption());

  withPropagationOptions(
    command(
      'propagate',
      "move every dependent repository's pins of an image to the digest its tag points at now",
      async () => {
        const { propagateCommand } = await import('./commands/propagate.js');
        return (_args, options, commandIo) => propagateCommand(options, commandIo);
      },
    ),
  )
    .requiredOption('--image <name:tag>', 'the image whose tag moved, as the files spell it')
    .option('--digest <digest>', 'the digest the tag must point at (e.g. the one just pushed)')
    .option('--shard <i/n>', 'only the dependents of shard I of N (0-based; by a hash of the repository URL)')
    .option('--index <file>', 'only the dependents this index (basepin graph --json) says use the image')
    .option(
      '--pull-request-budget <count/period>',
      `pull requests opened or edited, for all shards together (default: ${defaults.forge.pullRequestBudget})`,
    )
    .addOption(jsonOption());

  withPropagationOptions(
    command(
      'serve',
      'receive registry push webhooks and propagate each pushed tag to the dependent repositories',
      async () => {
        const { serveCommand } = await import('./commands/serve.js');
        return (_args, options, commandIo) => serveCommand(options, commandIo);
      },
    ),
  )
    .option('--listen <host:port>', 'address to listen on', defaults.serve.listen)
    .option('--registry-alias <host=name>', 'the registry calls itself HOST; files call it NAME (repeatable)', collect)
    .option(
      '--debounce <duration>',
      'quiet time after the last push of a tag before propagating it',
      defaults.serve.debounce,
    )
    .option('--resync <duration>', 'full reconcile interval, also run at start (0: never)', defaults.serve.resync)
    .option('--insecure-no-auth', 'accept webhooks without the shared secret')
    .option(
      '--dispatch <engine>',
      'where a push is propagated: local, github-actions, kubernetes',
      defaults.serve.dispatch,
    )
    .option('--shards <n>', 'shard jobs a dispatched push is split into', String(defaults.serve.shards))
    .option(
      '--dispatch-repo <owner/name>',
      'github-actions: the operations repository that receives repository_dispatch',
    )
    .option(
      '--dispatch-api <url>',
      `the GitHub API (default: ${defaults.serve.dispatchApi}) or the Kubernetes API server (default: in-cluster)`,
    )
    .option('--job-template <file>', 'kubernetes: the batch/v1 Job manifest each push becomes (as an Indexed Job)')
    .option('--job-namespace <namespace>', "kubernetes: the Job's namespace (default: the service account's)")
    .option('--parallelism <n>', 'kubernetes: shard pods run at once (default: all)');

  withDependentsOptions(
    command(
      'graph',
      'show which repositories use which images, and the chains between them, changing nothing',
      async () => {
        const { graphCommand } = await import('./commands/graph.js');
        return (_args, options, commandIo) => graphCommand(options, commandIo);
      },
    ),
  )
    .option('--format <format>', 'output format: text, json, mermaid, dot', 'text')
    .addOption(jsonOption('the same as --format json'));

  command('init', 'write a commented .basepin.yaml and print the CI job for the CI this repository uses', async () => {
    const { initCommand } = await import('./commands/init.js');
    return (args, options, commandIo) => initCommand(args[0] as string | undefined, options, commandIo);
  })
    .argument('[dir]', 'the repository (default: .)')
    .option('--force', 'replace an existing .basepin.yaml');

  command(
    'update-pr',
    'pin and move stale pins on one branch (basepin/update), and open or update one pull request for it',
    async () => {
      const { updatePrCommand } = await import('./commands/update-pr.js');
      return (args, options, commandIo) => updatePrCommand(args[0] as string[], options, commandIo);
    },
  )
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
    .option(
      '--git-author <author>',
      `commit as "Name <email>" (default: "${DEFAULT_AUTHOR.name} <${DEFAULT_AUTHOR.email}>")`,
    )
    .addOption(configOption())
    .addOption(jsonOption());

  command('completion', 'print a shell completion script (bash, zsh or fish)', async () => {
    const { completionCommand } = await import('./commands/completion.js');
    return (args, _options, commandIo) => completionCommand(args[0] as string, program, commandIo);
  }).argument('<shell>', 'bash, zsh or fish');

  return program;
}

/** The one output mechanism of the reference commands: `--format`, its aliases, and `--output FORMAT:FILE`. */
function withReportOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <format>', 'the report on stdout').choices(FORMATS))
    .addOption(jsonOption('the same as --format json'))
    .option('--sarif', 'the same as --format sarif')
    .option(
      '--output <format:file>',
      `also write the report in FORMAT to FILE (repeatable; FORMAT: ${FORMATS.join(', ')})`,
      collect,
    );
}

function jsonOption(description = 'print machine-readable JSON'): Option {
  return new Option('--json', description);
}

function configOption(): Option {
  return new Option('--config <file>', 'configuration file (default: .basepin.yaml if present)');
}

function platformOption(verb: string, what: string): Option {
  return new Option('--platform <os/arch[/variant]>', `the platform to ${verb} ${what} (default: linux/amd64)`);
}

/** `--dependents`, `--workdir` and `--concurrency`: propagate, serve and graph. */
function withDependentsOptions(command: Command): Command {
  return command
    .option('--dependents <file>', 'the dependent repositories (default: basepin-dependents.yaml)')
    .option(
      '--workdir <dir>',
      'where clones are kept between runs (default: ~/.cache/basepin/work, or $XDG_CACHE_HOME/basepin/work)',
    )
    .option('--concurrency <n>', `repositories handled at once (default: ${defaults.propagation.concurrency})`);
}

/** The dependents options, `--config` and `--git-author`: propagate and serve. */
function withPropagationOptions(command: Command): Command {
  return withDependentsOptions(command)
    .addOption(configOption())
    .option(
      '--git-author <author>',
      `commit as "Name <email>" (default: "${DEFAULT_AUTHOR.name} <${DEFAULT_AUTHOR.email}>")`,
    );
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
