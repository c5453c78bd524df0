/**
 * The one place that turns a failure into what the user sees and the exit status. Commands return their findings'
 * status (0, or 1 for a check that found something; 2 when the report itself holds errors) and throw for anything
 * that stops them; every error class basepin throws is mapped here to one line on stderr and exit 2. Anything not
 * in the map is a bug: it is reported as an internal error that asks to be reported, with the stack only under
 * `--verbose`. Messages of these classes are written for users and hold no credentials (each class sees to that);
 * they are made printable (printable.ts) because they may quote file names and references.
 *
 * This module is loaded only when something failed, so it may import every error class without slowing start-up.
 */

import { CommanderError } from 'commander';
import { ConfigError } from '../config/index.js';
import { CredentialsError } from '../credentials/index.js';
import { EngineError } from '../engine/index.js';
import { ExtractError } from '../extract/light.js';
import { ForgeError } from '../forge/light.js';
import { MissingTokenError } from '../forge/index.js';
import { GitError } from '../git/index.js';
import { ImageError } from '../image/index.js';
import { RewriteError } from '../plan/index.js';
import { PropagationError } from '../propagate/light.js';
import { InvalidReferenceError } from '../reference/index.js';
import { RegistryError } from '../registry/light.js';
import { PayloadError } from '../serve/light.js';
import { withHint } from './hints.js';
import type { Io } from './io.js';
import { printable } from './printable.js';
import { UsageError } from './usage-error.js';
import { packageInfo } from './version.js';

/** What an error means for the user: the lines to print (without the `basepin: ` prefix) and the exit status. */
export interface Failure {
  lines: string[];
  exitCode: number;
}

/**
 * Prints `error` on `io.stderr` (one line per problem, `basepin: ` first) and returns the exit status: 0 for
 * commander's help and version, else 2.
 */
export function reportFailure(error: unknown, io: Pick<Io, 'stderr'>, options: { verbose?: boolean } = {}): number {
  const failure = describeFailure(error, options);
  for (const line of failure.lines) io.stderr.write(`basepin: ${line}\n`);
  return failure.exitCode;
}

/** The map itself: see the module comment. */
export function describeFailure(error: unknown, options: { verbose?: boolean } = {}): Failure {
  const known = mapped(error);
  if (known !== undefined) return { lines: known.map(printable), exitCode: 2 };
  if (error instanceof CommanderError) return commander(error);
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const stack = options.verbose && error instanceof Error && error.stack ? error.stack : undefined;
  const where = packageInfo().bugs;
  const report = `a bug in basepin: please report it${where === undefined ? '' : ` at ${where}`} with the command you ran`;
  const lines = [`internal error: ${printable(text)} (${report}${stack ? '' : '; --verbose shows where it happened'})`];
  // The stack is shown as it is, one line per frame: it names basepin's own files, never input.
  if (stack !== undefined)
    lines.push(
      ...stack
        .split('\n')
        .slice(1)
        .map((frame) => printable(frame.trim())),
    );
  return { lines, exitCode: 2 };
}

/** The lines for a known error class, or undefined for an unmapped one. */
function mapped(error: unknown): string[] | undefined {
  if (error instanceof UsageError || error instanceof PropagationError || error instanceof PayloadError)
    return [error.message];
  if (error instanceof ConfigError)
    return error.problems.map((problem) => `invalid configuration ${error.file}: ${problem}`);
  if (error instanceof RegistryError) return [withHint(error)];
  if (error instanceof CredentialsError) return [`credentials: ${error.message}`];
  if (error instanceof MissingTokenError) return [`${error.message}: set it to a token that may open pull requests`];
  if (error instanceof InvalidReferenceError) return [`${error.input}: ${error.message}`];
  if (error instanceof ExtractError) {
    return [error.line > 0 ? `line ${error.line}, column ${error.column}: ${error.message}` : error.message];
  }
  if (
    error instanceof ImageError ||
    error instanceof EngineError ||
    error instanceof GitError ||
    error instanceof ForgeError ||
    error instanceof RewriteError
  ) {
    return [error.message];
  }
  const system = systemError(error);
  return system === undefined ? undefined : [system];
}

/** Why the system refused, by errno code, as people say it. */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'already exists',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EBUSY: 'resource busy',
  EIO: 'input/output error',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this machine',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  ENOTFOUND: 'host not found',
  EPIPE: 'broken pipe',
};

/** A Node.js system error (a file, a socket): `PATH: permission denied (EACCES)`; undefined for anything else. */
function systemError(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, syscall, path, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code) || typeof syscall !== 'string') return undefined;
  const what = SYSTEM_ERRORS[code] ?? error.message.replace(new RegExp(`^${code}:\\s*`), '');
  const at = `${address ?? ''}${port === undefined ? '' : `:${port}`}`;
  if (syscall === 'listen' || syscall === 'bind') return `cannot listen on ${at}: ${what} (${code})`;
  if (address !== undefined) return `cannot connect to ${at}: ${what} (${code})`;
  return `${path ?? syscall}: ${what} (${code})`;
}

/**
 * commander's own outcomes: help and `--version` exit 0; a command line it cannot parse is one line (the message it
 * would print, with its suggestion for a typo: `unknown command 'chek' (Did you mean check?)`) and exit 2.
 */
function commander(error: CommanderError): Failure {
  if (error.exitCode === 0) return { lines: [], exitCode: 0 };
  // No command at all: commander has shown the help on stderr.
  if (error.code === 'commander.help') return { lines: [], exitCode: 2 };
  const message = error.message
    .replace(/^error:\s*/, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace('(Did you mean', '(did you mean')
    .trim();
  return {
    lines: [printable(/did you mean/.test(message) ? message : `${message} (see basepin --help)`)],
    exitCode: 2,
  };
}
