import path from 'node:path';
import { loadConfig } from '../../config/index.js';
import { completeForge, type ForgeSettings } from '../../dependents/index.js';
import { DEFAULT_AUTHOR, git, parseAuthor, redact } from '../../git/index.js';
import { type UpdatePullRequestResult, defaultWorkdir } from '../../propagate/index.js';
import type { Io } from '../io.js';
import { changeDescriber, openRegistry } from '../registry.js';
import { isLoopback } from '../../http/light.js';
import { UsageError } from '../usage-error.js';

/** The options of `basepin update-pr`, as commander gives them (declared in program.ts). */
export interface UpdatePrOptions {
  repo?: string;
  base?: string;
  /** Default: `defaults.updatePullRequest.branch`. */
  branch?: string;
  forge?: string;
  forgeApi?: string;
  forgeProject?: string;
  tokenEnv?: string;
  /** false with `--no-pull-request`. */
  pullRequest?: boolean;
  workdir?: string;
  gitAuthor?: string;
  config?: string;
  json?: boolean;
  verbose?: boolean;
}

const FORGE_TYPES: readonly ForgeSettings['type'][] = ['github', 'gitlab'];

/** `basepin update-pr`: returns the exit code (2 when git or the forge failed, or some references could not be handled). */
export async function updatePrCommand(paths: string[], options: UpdatePrOptions, io: Io): Promise<number> {
  const author = options.gitAuthor === undefined ? DEFAULT_AUTHOR : parseAuthor(options.gitAuthor);
  if (author === undefined) throw new UsageError(`--git-author ${options.gitAuthor}: must be "Name <email>"`);
  if (options.forge !== undefined && !FORGE_TYPES.includes(options.forge as ForgeSettings['type'])) {
    throw new UsageError(`--forge ${options.forge}: must be one of ${FORGE_TYPES.join(', ')}`);
  }
  const repo = options.repo ?? (await originOf(io.cwd));
  const forge = options.pullRequest === false ? undefined : forgeOf(repo, options);
  const config = await loadConfig(io.cwd, options.config);
  const workdir = options.workdir === undefined ? defaultWorkdir(io.env) : path.resolve(io.cwd, options.workdir);
  const { updatePullRequest } = await import('../../propagate/index.js');
  const resolver = await openRegistry(config, options, io);
  let result: UpdatePullRequestResult;
  try {
    const describeChange = changeDescriber(resolver);
    result = await updatePullRequest({
      repo,
      base: options.base,
      branch: options.branch,
      paths,
      resolver,
      workdir,
      author,
      forge,
      env: io.env,
      describeChange,
    });
  } catch (error) {
    io.stderr.write(`basepin: ${redact((error as Error).message)}\n`);
    return 2;
  } finally {
    await resolver.close();
  }
  if (options.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else writeResult(io, result);
  for (const problem of result.problems) io.stderr.write(`${problem.replace(/^(\S+?: )/, '$1error: ')}\n`);
  return result.problems.length > 0 ? 2 : 0;
}

/** The URL of the `origin` remote of the repository `cwd` is in. */
async function originOf(cwd: string): Promise<string> {
  try {
    return (await git(['remote', 'get-url', 'origin'], { cwd })).trim();
  } catch {
    throw new UsageError(`no --repo given, and ${cwd} is not in a git repository with an origin remote`);
  }
}

/** The forge from the options, completed from the repository URL (inferred for github.com and gitlab.com). */
function forgeOf(repo: string, options: UpdatePrOptions): ForgeSettings | undefined {
  const given: Partial<ForgeSettings> = {};
  if (options.forge !== undefined) given.type = options.forge as ForgeSettings['type'];
  if (options.forgeApi !== undefined) given.api = options.forgeApi;
  if (options.forgeProject !== undefined) given.project = options.forgeProject;
  if (options.tokenEnv !== undefined) given.tokenEnv = options.tokenEnv;
  const completed = completeForge(repo, Object.keys(given).length === 0 ? undefined : given);
  if ('problem' in completed)
    throw new UsageError(completed.problem.replace(/^forge\.(\w+)/, (_all, key: string) => `--forge-${key}`));
  const api = completed.forge === undefined ? undefined : URL.parse(completed.forge.api);
  if (
    completed.forge !== undefined &&
    (api === null || !(api?.protocol === 'https:' || (api?.protocol === 'http:' && isLoopback(api.host))))
  ) {
    throw new UsageError(
      `--forge-api ${completed.forge.api}: must be an https URL (the token goes with every call); http is for a loopback host only`,
    );
  }
  return completed.forge;
}

/** One line for the branch and pull request, then one per reference changed. */
function writeResult(io: Io, result: UpdatePullRequestResult): void {
  const count = `${result.changes.length} reference${result.changes.length === 1 ? '' : 's'}`;
  const pull = result.pullRequest === undefined ? '' : `${result.pullRequest.action} ${result.pullRequest.url}`;
  const cells = result.status === 'current' ? [result.base] : [result.branch, count, pull];
  io.stdout.write(`${result.status.padEnd(9)}  ${cells.filter(Boolean).join('  ')}\n`);
  for (const change of result.changes) {
    const from = change.from === null ? 'unpinned' : change.from.slice(0, 19);
    io.stdout.write(`  ${change.file}:${change.line}  ${change.image}  ${from} -> ${change.to.slice(0, 19)}\n`);
  }
}
