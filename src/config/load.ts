import path from 'node:path';
import { ExtractError, parseYamlDocuments } from '../extract/index.js';
import { defaults } from '../defaults.js';
import { readTextFile } from '../files/light.js';
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
    text = readTextFile(chosen, defaults.maxConfigFileBytes);
  } catch (error) {
    if (file === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return emptyConfig;
    throw new ConfigError(file ?? defaults.configFile, [(error as Error).message]);
  }
  const data = parseConfigYaml(text, file ?? defaults.configFile);
  const result = validateConfig(data, path.dirname(chosen));
  if ('problems' in result) throw new ConfigError(file ?? defaults.configFile, result.problems);
  return result.config;
}

/**
 * The data of a configuration file's YAML: one document (none is `{}`), nesting bounded, aliases expanded at most a
 * hundred times over (a "billion laughs" file is refused, not expanded). Errors give the position only, never the
 * offending line: it may hold a password.
 * @throws ConfigError naming `file`.
 */
export function parseConfigYaml(text: string, file: string): unknown {
  let documents: ReturnType<typeof parseYamlDocuments>;
  try {
    documents = parseYamlDocuments(text);
  } catch (error) {
    if (!(error instanceof ExtractError)) throw error;
    throw new ConfigError(file, [`line ${error.line}, column ${error.column}: ${error.message}`]);
  }
  if (documents.length > 1) throw new ConfigError(file, ['holds more than one YAML document']);
  try {
    return documents[0]?.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    // The library's alias count check throws a ReferenceError ("Excessive alias count ...").
    if (error instanceof ReferenceError) throw new ConfigError(file, ['too many YAML aliases']);
    throw error;
  }
}
