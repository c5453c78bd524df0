import path from 'node:path';
import { ConfigError, parseConfigYaml } from '../config/index.js';
import { defaults } from '../defaults.js';
import { readTextFile } from '../files/light.js';
import type { Dependent } from './types.js';
import { validateDependents } from './validate.js';

/** The dependents file looked for in the working directory. */
export const DEPENDENTS_FILE = 'basepin-dependents.yaml';

/**
 * Reads and validates the dependents file: `file` (relative to `cwd`), or `basepin-dependents.yaml` in `cwd`. Throws
 * ConfigError, naming the file and every problem, when it is missing or invalid.
 */
export async function loadDependents(cwd: string, file: string = DEPENDENTS_FILE): Promise<Dependent[]> {
  const chosen = path.resolve(cwd, file);
  let text: string;
  try {
    text = readTextFile(chosen, defaults.maxConfigFileBytes);
  } catch (error) {
    throw new ConfigError(file, [(error as Error).message]);
  }
  const data = parseConfigYaml(text, file);
  const result = validateDependents(data, path.dirname(chosen));
  if ('problems' in result) throw new ConfigError(file, result.problems);
  return result.dependents;
}
