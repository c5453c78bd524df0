import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/types.js';
import { DEFAULT_AUTHOR, parseAuthor } from '../../git/author.js';
import { defaults } from '../../defaults.js';
import { isDigest } from '../../reference/index.js';
import type { DependentStatus, Propagation } from '../../propagate/types.js';
import type { Io } from '../io.js';
import type { Register } from '../program.js';
import { painter } from '../style.js';
import { changeDescriber, openRegistry } from '../registry.js';
import { UsageError } from '../usage-error.js';

/** Options `propagate`, `serve` and `graph` share. */
export interface DependentsOptions {
  dependents?: string;
  workdir?: string;
  concurrency?: string;
}

/** Options `propagate` and `serve` share. */
export interface PropagationOptions extends DependentsOptions {
  config?: string;
  gitAuthor?: string;
  verbose?: boolean;
}

interface PropagateCommandOptions extends PropagationOptions {
  image: string;
  digest?: string;
  json?: boolean;
  shard?: string;
  index?: string;
  pullRequestBudget?: string;
}

/** Adds `--dependents`, `--workdir` and `--concurrency`. */
export function withDependentsOptions(command: Command): Command {
  return command
    .option('--dependents <file>', 'the dependent repositories (default: basepin-dependents.yaml)')
    .option('--workdir <dir>', 'where clones are kept between runs (default: ~/.cache/basepin/work, or $XDG_CACHE_HOME/basepin/work)')
    .option('--concurrency <n>', `repositories handled at once (default: ${defaults.propagation.concurrency})`);
}

/** Adds the dependents options, `--config`, `--git-author` and `--verbose`. */
export function withPropagationOptions(command: Command): Command {
  return withDependentsOptions(command)
    .option('--config <file>', 'configuration file for registries (default: .basepin.yaml if present)')
    .option('--git-author <author>', `commit as "Name <email>" (default: "${DEFAULT_AUTHOR.name} <${DEFAULT_AUTHOR.email}>")`)
    .option('-v, --verbose', 'log every registry request on stderr');
}

/** The dependents, the work directory and the concurrency, checked. */
export async function dependentsSetup(options: DependentsOptions, io: Io) {
  const concurrency = options.concurrency === undefined ? defaults.propagation.concurrency : Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`--concurrency ${options.concurrency}: must be a positive whole number`);
  }
  // ajv, which validates the file, is loaded only by the commands that read it: start-up stays lean.
  const { loadDependents } = await import('../../dependents/load.js');
  const dependents = await loadDependents(io.cwd, options.dependents);
  const workdir = options.workdir === undefined ? defaults.propagation.workdir : path.resolve(io.cwd, options.workdir);
  return { dependents, workdir, concurrency };
}

/** What a propagation needs from the command line besides the image, checked: dependents, configuration, git author. */
export async function propagationSetup(options: PropagationOptions, io: Io) {
  const author = options.gitAuthor === undefined ? DEFAULT_AUTHOR : parseAuthor(options.gitAuthor);
  if (author === undefined) throw new UsageError(`--git-author ${options.gitAuthor}: must be "Name <email>"`);
  const config: Config = await loadConfig(io.cwd, options.config);
  return { ...(await dependentsSetup(options, io)), author, config };
}

/** `basepin propagate`: returns the exit code (2 when the image cannot be resolved or any dependent failed). */
export async function propagateCommand(options: PropagateCommandOptions, io: Io): Promise<number> {
  if (options.digest !== undefined && !isDigest(options.digest)) {
    throw new UsageError(`--digest ${options.digest}: not a digest (sha256: and 64 lower-case hex digits)`);
  }
  const { config, ...setup } = await propagationSetup(options, io);
  const spread = await spreadSetup(options, io);
  const { propagate } = await import('../../propagate/propagate.js');
  const resolver = await openRegistry(config, options, io);
  let propagation: Propagation;
  try {
    const describeChange = changeDescriber(resolver);
    propagation = await propagate({ ...setup, ...spread, image: options.image, digest: options.digest, env: io.env, resolver, describeChange });
  } catch (error) {
    io.stderr.write(`basepin: ${(error as Error).message}\n`);
    return 2;
  } finally {
    await resolver.close();
  }
  if (options.json) io.stdout.write(`${JSON.stringify(propagation, null, 2)}\n`);
  else writePropagation(io, propagation);
  return propagation.results.some((result) => result.status === 'failed') ? 2 : 0;
}

/**
 * `--shard I/N`, `--index FILE` and `--pull-request-budget`, checked. The budget is the whole fan-out's: each of N
 * shards takes its share (rounded up), so N processes together stay within it without talking to each other.
 */
async function spreadSetup(options: PropagateCommandOptions, io: Io) {
  const { parseShard } = await import('../../propagate/shard.js');
  const { parseBudget, RequestBudget } = await import('../../forge/budget.js');
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (options.shard !== undefined && shard === undefined) {
    throw new UsageError(`--shard ${options.shard}: must be I/N with 0 <= I < N (e.g. 0/4)`);
  }
  const budgetText = options.pullRequestBudget ?? defaults.forge.pullRequestBudget;
  const budget = parseBudget(budgetText);
  if (budget === undefined) throw new UsageError(`--pull-request-budget ${budgetText}: must be COUNT or COUNT/PERIOD (e.g. 500/h)`);
  const share = Math.ceil(budget.count / (shard?.count ?? 1));
  let index;
  if (options.index !== undefined) {
    const { loadUsageIndex, UsageIndexError } = await import('../../propagate/usage-index.js');
    try {
      index = await loadUsageIndex(path.resolve(io.cwd, options.index));
    } catch (error) {
      throw error instanceof UsageIndexError ? new UsageError(error.message) : error;
    }
  }
  return { shard, index, budget: new RequestBudget(share, budget.periodMs) };
}

const STATUS_ORDER: readonly DependentStatus[] = ['updated', 'unchanged', 'current', 'unpinned', 'unused', 'superseded', 'deferred', 'failed'];

/** One row per dependent, failures on stderr, then a summary line. */
function writePropagation(io: Io, propagation: Propagation): void {
  const paint = painter(io.stdout, io.env);
  const width = Math.max(0, ...propagation.results.map((result) => result.repo.length));
  for (const result of propagation.results) {
    const moved = result.moves.length === 0 ? '' : `${result.moves.length} reference${result.moves.length === 1 ? '' : 's'}`;
    const pull = result.pullRequest === undefined ? '' : `${result.pullRequest.action} ${result.pullRequest.url}`;
    const cells = [result.repo.padEnd(width), result.branch ?? result.base ?? '', moved, pull].filter(Boolean);
    const color = result.status === 'failed' ? 'red' : result.status === 'updated' ? 'green' : 'dim';
    io.stdout.write(`${paint(color, result.status.padEnd(10))}  ${cells.join('  ').trimEnd()}\n`);
  }
  for (const result of propagation.results.filter((one) => one.error !== undefined && one.status === 'failed')) {
    io.stderr.write(`${result.repo}: ${painter(io.stderr, io.env)('red', 'error')}: ${result.error}\n`);
  }
  const parts = STATUS_ORDER.flatMap((status) => {
    const count = propagation.results.filter((result) => result.status === status).length;
    return count === 0 ? [] : [`${count} ${status}`];
  });
  const shard = propagation.shard === undefined ? '' : ` (shard ${propagation.shard.index}/${propagation.shard.count})`;
  const summary = parts.length > 0 ? `: ${parts.join(', ')}` : ': no dependents';
  io.stdout.write(`${propagation.image} is ${propagation.digest}${shard}${summary}\n`);
}

export const registerPropagateCommand: Register = (program, io, exit) => {
  withPropagationOptions(program.command('propagate'))
    .description("move every dependent repository's pins of an image to the digest its tag points at now")
    .requiredOption('--image <name:tag>', 'the image whose tag moved, as the files spell it')
    .option('--digest <digest>', 'the digest the tag must point at (e.g. the one just pushed)')
    .option('--json', 'print machine-readable JSON')
    .option('--shard <i/n>', 'only the dependents of shard I of N (0-based; by a hash of the repository URL)')
    .option('--index <file>', 'only the dependents this index (basepin graph --json) says use the image')
    .option('--pull-request-budget <count/period>', `pull requests opened or edited, for all shards together (default: ${defaults.forge.pullRequestBudget})`)
    .action(async (options: PropagateCommandOptions) => exit(await propagateCommand(options, io)));
};
