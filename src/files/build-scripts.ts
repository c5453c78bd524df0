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
 * The text of a build script, or undefined when it cannot matter or must not be read: not a regular file (a FIFO,
 * a device), larger than `maxBytes`, not UTF-8, or (with `confine`) a link leading out of that directory.
 */
export function readBuildScript(absolute: string, options: { maxBytes: number; confine?: string }): string | undefined {
  try {
    if (options.confine !== undefined && !realpathSync(absolute).startsWith(options.confine + path.sep)) return undefined;
    const info = statSync(absolute);
    if (!info.isFile() || info.size > options.maxBytes) return undefined;
    const bytes = readFileSync(absolute);
    const text = bytes.toString('utf8');
    return bytes.length <= options.maxBytes && Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
  } catch {
    return undefined;
  }
}
