import path from 'node:path';
import { loadConfig, type Config } from '../../config/index.js';
import { DEFAULT_AUTHOR, parseAuthor } from '../../git/light.js';
import { defaults } from '../../defaults.js';
import { defaultWorkdir, type DependentStatus, type Propagation, type UsageIndex } from '../../propagate/index.js';
import { isDigest } from '../../reference/index.js';
import type { Io } from '../io.js';
import { printable } from '../printable.js';
import { painter } from '../style.js';
import { plural, table } from '../text.js';
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
  quiet?: boolean;
}

interface PropagateCommandOptions extends PropagationOptions {
  image: string;
  digest?: string;
  json?: boolean;
  shard?: string;
  index?: string;
  pullRequestBudget?: string;
}

/** The dependents, the work directory and the concurrency, checked. */
export async function dependentsSetup(options: DependentsOptions, io: Io) {
  const concurrency =
    options.concurrency === undefined ? defaults.propagation.concurrency : Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`--concurrency ${options.concurrency}: must be a positive whole number`);
  }
  // ajv, which validates the file, is loaded only by the commands that read it: start-up stays lean.
  const { loadDependents } = await import('../../dependents/index.js');
  const dependents = await loadDependents(io.cwd, options.dependents);
  const workdir = options.workdir === undefined ? defaultWorkdir(io.env) : path.resolve(io.cwd, options.workdir);
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
  const { propagate } = await import('../../propagate/index.js');
  const resolver = await openRegistry(config, options, io);
  let propagation: Propagation;
  try {
    const describeChange = changeDescriber(resolver);
    propagation = await propagate({
      ...setup,
      ...spread,
      image: options.image,
      digest: options.digest,
      env: io.env,
      resolver,
      describeChange,
    });
  } finally {
    await resolver.close();
  }
  if (options.json) io.stdout.write(`${JSON.stringify(propagation, null, 2)}\n`);
  else writePropagation(io, propagation, options.quiet ?? false);
  return propagation.results.some((result) => result.status === 'failed') ? 2 : 0;
}

/**
 * `--shard I/N`, `--index FILE` and `--pull-request-budget`, checked. The budget is the whole fan-out's: each of N
 * shards takes its share (rounded up), so N processes together stay within it without talking to each other.
 */
async function spreadSetup(options: PropagateCommandOptions, io: Io) {
  const { parseShard } = await import('../../propagate/index.js');
  const { parseBudget, RequestBudget } = await import('../../forge/index.js');
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (options.shard !== undefined && shard === undefined) {
    throw new UsageError(`--shard ${options.shard}: must be I/N with 0 <= I < N (e.g. 0/4)`);
  }
  const budgetText = options.pullRequestBudget ?? defaults.forge.pullRequestBudget;
  const budget = parseBudget(budgetText);
  if (budget === undefined)
    throw new UsageError(`--pull-request-budget ${budgetText}: must be COUNT or COUNT/PERIOD (e.g. 500/h)`);
  const share = Math.ceil(budget.count / (shard?.count ?? 1));
  let index: UsageIndex | undefined;
  if (options.index !== undefined) {
    const { loadUsageIndex, UsageIndexError } = await import('../../propagate/index.js');
    try {
      index = await loadUsageIndex(path.resolve(io.cwd, options.index));
    } catch (error) {
      throw error instanceof UsageIndexError ? new UsageError(error.message) : error;
    }
  }
  return { shard, index, budget: new RequestBudget(share, budget.periodMs) };
}

const STATUS_ORDER: readonly DependentStatus[] = [
  'updated',
  'unchanged',
  'current',
  'unpinned',
  'unused',
  'superseded',
  'deferred',
  'failed',
];

/** One row per dependent, failures on stderr, then a summary line; `--quiet`: only the failures. */
function writePropagation(io: Io, propagation: Propagation, quiet: boolean): void {
  const paint = painter(io.stdout, io);
  const shown = quiet ? [] : propagation.results;
  const rows = shown.map((result) => {
    const moved = result.moves.length === 0 ? '' : plural(result.moves.length, 'reference');
    const pull = result.pullRequest === undefined ? '' : `${result.pullRequest.action} ${result.pullRequest.url}`;
    return [result.status, result.repo, result.branch ?? result.base ?? '', moved, pull];
  });
  const color = (status: DependentStatus) => (status === 'failed' ? 'red' : status === 'updated' ? 'green' : 'dim');
  for (const line of table(rows, (cell, column, index) =>
    column === 0 ? paint(color(shown[index]!.status), cell) : cell,
  )) {
    io.stdout.write(`${line}\n`);
  }
  for (const result of propagation.results.filter((one) => one.error !== undefined && one.status === 'failed')) {
    io.stderr.write(
      `${printable(result.repo)}: ${painter(io.stderr, io)('red', 'error')}: ${printable(result.error!)}\n`,
    );
  }
  if (quiet) return;
  const parts = STATUS_ORDER.flatMap((status) => {
    const count = propagation.results.filter((result) => result.status === status).length;
    return count === 0 ? [] : [`${count} ${status}`];
  });
  const shard = propagation.shard === undefined ? '' : ` (shard ${propagation.shard.index}/${propagation.shard.count})`;
  const summary = parts.length > 0 ? `: ${parts.join(', ')}` : ': no dependents';
  io.stdout.write(`${printable(`${propagation.image} is ${propagation.digest}${shard}${summary}`)}\n`);
}
