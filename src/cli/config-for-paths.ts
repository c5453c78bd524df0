import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, type Config } from '../config/index.js';
import { defaults } from '../defaults.js';

/** Paths that share one configuration, and that configuration. */
export interface ConfigGroup {
  /** The configuration file, relative to the working directory; undefined when none applies. */
  file?: string;
  config: Config;
  paths: string[];
}

/**
 * The configuration of each given path: `--config` for all of them when given; else the `.basepin.yaml` nearest to
 * the path (in the directory itself, for a file in the one holding it, then in each parent), searched up to the root
 * of the git repository the path is in; outside a repository, up to the working directory when the path is inside
 * it. So `basepin check app1` reads `app1/.basepin.yaml`, and `basepin check` in a subdirectory the repository's
 * own. The configuration's `include` and `exclude` globs are relative to the directory holding it; they are
 * rewritten here relative to the working directory, as the file search takes them.
 */
export async function configsForPaths(
  cwd: string,
  paths: readonly string[],
  explicit?: string,
): Promise<ConfigGroup[]> {
  if (explicit !== undefined) return [{ file: explicit, config: await loadConfig(cwd, explicit), paths: [...paths] }];
  const groups = new Map<string, ConfigGroup>();
  for (const given of paths.length > 0 ? paths : ['.']) {
    const file = await nearestConfig(cwd, given);
    const key = file ?? '';
    let group = groups.get(key);
    if (group === undefined) {
      const config =
        file === undefined ? await loadConfig(cwd, undefined) : relativeTo(cwd, file, await loadConfig(cwd, file));
      group = { file, config, paths: [] };
      groups.set(key, group);
    }
    group.paths.push(given);
  }
  return [...groups.values()];
}

/** The nearest configuration file for `given`, relative to `cwd`; undefined when there is none within the bounds. */
async function nearestConfig(cwd: string, given: string): Promise<string | undefined> {
  const absolute = path.resolve(cwd, given);
  const info = await stat(absolute).catch(() => undefined);
  // A path that does not exist is reported by the file search; its configuration is looked for from where it would be.
  const start = info?.isDirectory() ? absolute : path.dirname(absolute);
  const boundary = (await repositoryRoot(start)) ?? (isWithin(start, cwd) ? cwd : start);
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, defaults.configFile);
    if (await isFile(candidate)) return path.relative(cwd, candidate);
    if (dir === boundary || path.dirname(dir) === dir) return undefined;
  }
}

function isWithin(dir: string, parent: string): boolean {
  const relative = path.relative(parent, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The nearest directory at or above `dir` holding `.git`. */
async function repositoryRoot(dir: string): Promise<string | undefined> {
  for (let at = dir; ; at = path.dirname(at)) {
    if (await exists(path.join(at, '.git'))) return at;
    if (path.dirname(at) === at) return undefined;
  }
}

/** `config` with its `include` and `exclude` globs moved from the directory of `file` to `cwd`. */
function relativeTo(cwd: string, file: string, config: Config): Config {
  const prefix = path
    .relative(cwd, path.dirname(path.resolve(cwd, file)))
    .split(path.sep)
    .join('/');
  if (prefix === '') return config;
  const move = (glob: string) => `${prefix}/${glob.replace(/^\.\//, '')}`;
  return { ...config, include: config.include.map(move), exclude: config.exclude.map(move) };
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}
