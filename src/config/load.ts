import path from 'node:path';
import { parse as parseYaml, YAMLError } from 'yaml';
import { defaults } from '../defaults.js';
import { readTextFile } from '../files/read.js';
import { validateConfig } from './validate.js';
import { emptyConfig, type Config } from './types.js';

/** A configuration file that cannot be used; `problems` says every reason, each prefixed by where. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration ${file}:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Load basepin's configuration: `file` when given (it must exist), else `.basepin.yaml` in `cwd` when present, else
 * the empty configuration. Relative `ca`, `certificate` and `key` paths are resolved against the configuration file's
 * directory.
 */
export async function loadConfig(cwd: string, file?: string): Promise<Config> {
  const chosen = path.resolve(cwd, file ?? defaults.configFile);
  let text: string;
  try {
    text = readTextFile(chosen);
  } catch (error) {
    if (file === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig;
    throw new ConfigError(file ?? defaults.configFile, [(error as Error).message]);
  }
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: false }) ?? {};
  } catch (error) {
    // The position only, never the offending line: it may hold a password.
    if (!(error instanceof YAMLError)) throw error;
    const before = text.slice(0, error.pos[0]).split('\n');
    const at = `line ${before.length}, column ${before.at(-1)!.length + 1}`;
    throw new ConfigError(file ?? defaults.configFile, [`${at}: ${error.message}`]);
  }
  const result = validateConfig(data, path.dirname(chosen));
  if ('problems' in result) throw new ConfigError(file ?? defaults.configFile, result.problems);
  return result.config;
}
