import { parseDuration, parseListen } from '../../serve/duration.js';
import { defaults } from '../../defaults.js';
import { parseAliases } from '../../serve/hint.js';
import type { Io } from '../io.js';
import { UsageError } from '../usage-error.js';
import { changeDescriber, openRegistry } from '../registry.js';
import { propagationSetup, type PropagationOptions } from './propagate.js';

interface ServeOptions extends PropagationOptions {
  listen: string;
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
    throw new UsageError(`set ${secretEnv} to the webhook secret (or pass --insecure-no-auth to accept unauthenticated webhooks)`);
  }
  const listen = parseListen(options.listen) ?? usage(`--listen ${options.listen}: must be HOST:PORT`);
  const debounceMs = parseDuration(options.debounce) ?? usage(`--debounce ${options.debounce}: must be a duration like 200ms, 5s, 1m`);
  const resyncMs = parseDuration(options.resync) ?? usage(`--resync ${options.resync}: must be a duration like 30m, 1h, or 0`);
  let aliases: Map<string, string>;
  try {
    aliases = parseAliases(options.registryAlias ?? []);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { config, ...setup } = await propagationSetup(options, io);
  const { startService } = await import('../../serve/service.js');
  const { jsonLogger } = await import('../../serve/log.js');
  const resolver = await openRegistry(config, options, io);
  try {
    const log = jsonLogger(io.stdout);
    const service = await startService({
      ...setup, listen, secret, aliases, debounceMs, resyncMs, resolver, env: io.env, log, describeChange: changeDescriber(resolver),
    });
    await stopSignal();
    await service.close();
    return 0;
  } finally {
    await resolver.close();
  }
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
