/**
 * Makefiles and shell scripts hold no image references basepin edits, but they are where builds are started with
 * `--build-context NAME=...`: their text is read (bounded, regular files inside the repository only) for those names.
 */

import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

const SCRIPT_NAME = /^(?:GNUmakefile|[Mm]akefile|[Jj]ustfile)$|\.(?:mk|sh|bash)$/;

/** Whether a path (forward slashes) names a Makefile, a justfile or a shell script. */
export function isBuildScript(file: string): boolean {
  return SCRIPT_NAME.test(file.slice(file.lastIndexOf('/') + 1));
}

/**
 * The text of a file read only for the context names it defines (a build script, or a Bake, Compose or CI file
 * outside the paths given), or undefined when it cannot matter or must not be read: not a regular file (a FIFO, a
 * device), larger than `maxBytes`, not UTF-8, or (with `confine`) a link leading out of that directory.
 */
export function readBuildScript(absolute: string, options: { maxBytes: number; confine?: string }): string | undefined {
  try {
    if (options.confine !== undefined && !realpathSync(absolute).startsWith(options.confine + path.sep))
      return undefined;
    const info = statSync(absolute);
    if (!info.isFile() || info.size > options.maxBytes) return undefined;
    const bytes = readFileSync(absolute);
    const text = bytes.toString('utf8');
    return bytes.length <= options.maxBytes && Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The git repositories whose files may define contexts for the paths given but that the run does not walk whole:
 * the repository of each path, unless a directory given is that repository or one above it. Empty in the usual case
 * (a run over the whole repository) and outside git repositories (basepin does not guess where a project ends).
 */
export function unwalkedRoots(paths: readonly string[], cwd: string): string[] {
  const given = (paths.length > 0 ? paths : ['.']).map((one) => path.resolve(cwd, one));
  const walked = given.filter(isDirectory);
  const roots = new Set<string>();
  for (const absolute of given) {
    const root = repositoryRoot(isDirectory(absolute) ? absolute : path.dirname(absolute));
    if (root !== undefined) roots.add(root);
  }
  const covered = (root: string) => walked.some((dir) => dir === root || root.startsWith(dir + path.sep));
  return [...roots].filter((root) => !covered(root));
}

function repositoryRoot(directory: string): string | undefined {
  for (let dir = directory; ; dir = path.dirname(dir)) {
    if (exists(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}
