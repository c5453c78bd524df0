import { type Config, parseTimeout } from '../config/index.js';
import { defaults } from '../defaults.js';
import { summarizeChange } from '../image/index.js';
import { parseNormalized } from '../reference/index.js';
import type { RegistryClient } from '../registry/index.js';
import type { Resolver } from '../run.js';
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';

/** How a command asks registries: `--verbose`, `--verify`, `--timeout` (unparsed), and the run's deadline, if any. */
export interface RegistryOptions {
  verbose?: boolean;
  verify?: boolean;
  timeout?: string;
  deadlineMs?: number;
}

/**
 * The registry client every command uses: the configuration's registries, the command's environment (credentials,
 * proxies, CAs) and, with --verbose, request logging on stderr (never credentials). undici is loaded only here, so
 * commands that ask no registry start without the HTTP stack. Warns once per registry configured `insecure`, and per
 * `passwordEnv` naming an unset variable. `--timeout` applies to every registry, over their `timeout` settings. While
 * lookups at a registry wait long, says so on stderr (the host only).
 */
export async function openRegistry(config: Config, options: RegistryOptions, io: Io): Promise<RegistryClient> {
  const timeoutMs = requestTimeout(options);
  const { RegistryClient } = await import('../registry/index.js');
  for (const [host, settings] of Object.entries(config.registries)) {
    if (settings.insecure === true) {
      io.stderr.write(
        `basepin: warning: registry ${host} is insecure: its certificates are not verified and plain HTTP is allowed\n`,
      );
    }
    if (settings.passwordEnv !== undefined && !io.env[settings.passwordEnv]) {
      io.stderr.write(
        `basepin: warning: registries.${host}.passwordEnv: ${settings.passwordEnv} is not set: requests to ${host} that need credentials will fail\n`,
      );
    }
  }
  const registries = timeoutMs === undefined ? config.registries : withTimeout(config.registries, timeoutMs);
  return new RegistryClient({
    registries,
    env: io.env,
    log: options.verbose ? (line) => io.stderr.write(`basepin: ${line}\n`) : undefined,
    timeoutMs,
    verify: options.verify,
    deadlineMs: options.deadlineMs,
    waiting: {
      afterMs: defaults.waitingNoticeAfterMs,
      everyMs: defaults.waitingNoticeEveryMs,
      notify: ({ host, lookups, waitedMs }) =>
        io.stderr.write(
          `basepin: still waiting on ${host} (${lookups} lookup${lookups === 1 ? '' : 's'}, ${Math.round(waitedMs / 1000)} s)\n`,
        ),
    },
  });
}

function withTimeout(registries: Config['registries'], timeoutMs: number): Config['registries'] {
  return Object.fromEntries(Object.entries(registries).map(([host, settings]) => [host, { ...settings, timeoutMs }]));
}

/** The `describeChange` hook of propagations: the same summary `update` prints, read through `registry`. */
export function changeDescriber(registry: RegistryClient) {
  return async (image: string, from: string, to: string): Promise<string> => {
    return summarizeChange(registry, parseNormalized(image), from, to);
  };
}

/** `--timeout` in milliseconds, if given. Throws UsageError when it is not a duration. */
export function requestTimeout(options: RegistryOptions): number | undefined {
  const timeoutMs = options.timeout === undefined ? undefined : parseTimeout(options.timeout);
  if (options.timeout !== undefined && timeoutMs === undefined) {
    throw new UsageError(
      `--timeout ${options.timeout}: must be a duration like 15s or 500ms, or a number of seconds, above 0`,
    );
  }
  return timeoutMs;
}

/** What reference commands need of a registry client: lookups, reads, where credentials came from, and closing. */
export interface LazyRegistry extends Resolver {
  credentialSource(host: string): string | null | undefined;
  close(): Promise<void>;
}

/**
 * A registry client opened on first use, by `open`: a run with nothing to look up (an empty tree, a tree already
 * pinned for `pin`) never loads the HTTP stack, nor warns about registries it does not ask.
 */
export function lazyRegistry(open: () => Promise<RegistryClient>): LazyRegistry {
  let client: Promise<RegistryClient> | undefined;
  let ready: RegistryClient | undefined;
  const opened = () => (client ??= open().then((one) => (ready = one)));
  return {
    credentialSource: (host) => ready?.credentialSource(host),
    resolve: async (ref) => (await opened()).resolve(ref),
    fetchManifest: async (ref) => (await opened()).fetchManifest(ref),
    fetchBlob: async (ref, digest, options) => (await opened()).fetchBlob(ref, digest, options),
    close: async () => {
      if (client !== undefined) await (await client).close();
    },
  };
}
