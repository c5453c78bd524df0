import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDuration, parseListen, parseAliases } from '../../serve/light.js';
import { defaults } from '../../defaults.js';
import type { Io } from '../io.js';
import { UsageError } from '../usage-error.js';
import { changeDescriber, openRegistry } from '../registry.js';
import { propagationSetup, type PropagationOptions } from './propagate.js';

interface ServeOptions extends PropagationOptions {
  listen: string;
  dispatch: string;
  shards: string;
  parallelism?: string;
  dispatchRepo?: string;
  dispatchApi?: string;
  jobTemplate?: string;
  jobNamespace?: string;
  registryAlias?: string[];
  debounce: string;
  resync: string;
  insecureNoAuth?: boolean;
}

/**
 * `basepin serve`: runs until SIGINT or SIGTERM, then finishes the propagation in progress and exits 0. Refuses to
 * start (exit 2) without a webhook secret unless `--insecure-no-auth` is given.
 */
export async function serveCommand(options: ServeOptions, io: Io): Promise<number> {
  const secret = io.env[defaults.serve.secretEnv] || undefined;
  if (secret === undefined && !options.insecureNoAuth) {
    const secretEnv = defaults.serve.secretEnv;
    throw new UsageError(
      `set ${secretEnv} to the webhook secret (or pass --insecure-no-auth to accept unauthenticated webhooks)`,
    );
  }
  const listen = parseListen(options.listen) ?? usage(`--listen ${options.listen}: must be HOST:PORT`);
  const debounceMs =
    parseDuration(options.debounce) ?? usage(`--debounce ${options.debounce}: must be a duration like 200ms, 5s, 1m`);
  const resyncMs =
    parseDuration(options.resync) ?? usage(`--resync ${options.resync}: must be a duration like 30m, 1h, or 0`);
  let aliases: Map<string, string>;
  try {
    aliases = parseAliases(options.registryAlias ?? []);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const dispatch = await dispatchSetup(options, io);
  const { config, ...setup } = await propagationSetup(options, io);
  const { startService } = await import('../../serve/index.js');
  const { jsonLogger } = await import('../../serve/index.js');
  const resolver = await openRegistry(config, options, io);
  try {
    const log = jsonLogger(io.stdout);
    const service = await startService({
      ...setup,
      listen,
      secret,
      aliases,
      debounceMs,
      resyncMs,
      resolver,
      env: io.env,
      log,
      describeChange: changeDescriber(resolver),
      dispatch,
    });
    await stopSignal();
    await service.close();
    return 0;
  } finally {
    await resolver.close();
  }
}

/** `--dispatch` and its options, checked: undefined for `local`. */
async function dispatchSetup(options: ServeOptions, io: Io) {
  const count = (flag: string, text: string) => {
    const value = Number(text);
    return Number.isInteger(value) && value >= 1 && value <= 100_000
      ? value
      : usage(`${flag} ${text}: must be a positive whole number`);
  };
  const shards = count('--shards', options.shards);
  const { gitHubActionsDispatcher, kubernetesDispatcher } = await import('../../serve/index.js');
  if (options.dispatch === 'local') return undefined;
  if (options.dispatch === 'github-actions') {
    const repository =
      options.dispatchRepo ??
      usage('--dispatch github-actions needs --dispatch-repo OWNER/NAME (the operations repository)');
    if (!/^[^/\s]+\/[^/\s]+$/.test(repository)) usage(`--dispatch-repo ${repository}: must be OWNER/NAME`);
    const api = (options.dispatchApi ?? defaults.serve.dispatchApi).replace(/\/+$/, '');
    return { shards, dispatcher: gitHubActionsDispatcher({ api, repository, env: io.env }) };
  }
  if (options.dispatch === 'kubernetes') {
    const file =
      options.jobTemplate ?? usage('--dispatch kubernetes needs --job-template FILE (a batch/v1 Job manifest)');
    const { checkJobTemplate } = await import('../../serve/index.js');
    const { parse } = await import('yaml');
    let template: Record<string, unknown>;
    try {
      template = checkJobTemplate(parse(await readFile(path.resolve(io.cwd, file), 'utf8')));
    } catch (error) {
      throw new UsageError(`--job-template ${file}: ${(error as Error).message}`);
    }
    const parallelism = options.parallelism === undefined ? shards : count('--parallelism', options.parallelism);
    const target = {
      api: options.dispatchApi?.replace(/\/+$/, ''),
      namespace: options.jobNamespace,
      template,
      parallelism,
      env: io.env,
    };
    return { shards, dispatcher: kubernetesDispatcher(target) };
  }
  return usage(`--dispatch ${options.dispatch}: must be one of local, github-actions, kubernetes`);
}

function usage(message: string): never {
  throw new UsageError(message);
}

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      process.once('SIGINT', () => process.exit(130)).once('SIGTERM', () => process.exit(143));
      resolve();
    };
    process.on('SIGINT', stop).on('SIGTERM', stop);
  });
}
