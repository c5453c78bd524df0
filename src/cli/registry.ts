import type { Config } from '../config/types.js';
import { summarizeChange } from '../image/index.js';
import { parseNormalized } from '../reference/index.js';
import type { RegistryClient } from '../registry/index.js';
import type { Io } from './io.js';

/**
 * The registry client every command uses: the configuration's registries, the command's environment (credentials,
 * proxies, CAs) and, with --verbose, request logging on stderr (never credentials). undici is loaded only here, so
 * commands that ask no registry start without the HTTP stack. Warns once per registry configured `insecure`, and per
 * `passwordEnv` naming an unset variable.
 */
export async function openRegistry(config: Config, options: { verbose?: boolean }, io: Io): Promise<RegistryClient> {
  const { RegistryClient } = await import('../registry/index.js');
  for (const [host, settings] of Object.entries(config.registries)) {
    if (settings.insecure === true) {
      io.stderr.write(`basepin: warning: registry ${host} is insecure: its certificates are not verified and plain HTTP is allowed\n`);
    }
    if (settings.passwordEnv !== undefined && !io.env[settings.passwordEnv]) {
      io.stderr.write(`basepin: warning: registries.${host}.passwordEnv: ${settings.passwordEnv} is not set: requests to ${host} that need credentials will fail\n`);
    }
  }
  return new RegistryClient({
    registries: config.registries,
    env: io.env,
    log: options.verbose ? (line) => io.stderr.write(`basepin: ${line}\n`) : undefined,
  });
}

/** The `describeChange` hook of propagations: the same summary `update` prints, read through `registry`. */
export function changeDescriber(registry: RegistryClient) {
  return async (image: string, from: string, to: string): Promise<string> => {
    return summarizeChange(registry, parseNormalized(image), from, to);
  };
}
