import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';
import { defaults } from '../defaults.js';

/**
 * Which file was read and what it held, so that a later write goes to exactly that file, and only while it still
 * holds what was read: not to whatever a link or a renamed directory leads to by then.
 */
export interface FileIdentity {
  /** The real path read (every link resolved). */
  path: string;
  dev: number;
  ino: number;
  /** SHA-256 of the bytes read. */
  sha256: string;
}

export interface ReadBounds {
  /** The most bytes read: a longer file is an error (`maxFileBytes` in the configuration). */
  maxBytes: number;
  /** When set, the file's real path must be inside this real directory (a link must not lead out of it). */
  within?: string;
  /** The setting that raises `maxBytes`, named when a file is over it (`maxFileBytes`). */
  setting?: string;
}

/** A file that exists but is not one basepin reads: not a regular file, or larger than the cap. */
export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/** A file that is not, or is no longer, the one basepin read. */
export class FileChangedError extends Error {
  constructor() {
    super('changed while basepin was running; run again');
    this.name = 'FileChangedError';
  }
}

// O_NONBLOCK: opening a FIFO for reading does not wait for a writer; the descriptor is then refused by fstat.
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;
const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a regular file, at most `maxBytes` of it: a FIFO, socket or device (`/dev/zero`, or a link to it) is an
 * error, never a read that blocks or never ends. Returns its bytes and its identity.
 */
export function readRegularFile(file: string, bounds: ReadBounds): { bytes: Buffer; identity: FileIdentity } {
  const real = realpathSync.native(file);
  if (bounds.within !== undefined && !real.startsWith(bounds.within + path.sep)) {
    throw new Error(`leads outside ${bounds.within} (a symbolic link); basepin leaves it alone`);
  }
  const fd = openSync(real, READ_FLAGS);
  try {
    const info = fstatSync(fd);
    if (!info.isFile())
      throw new UnreadableFileError(`not a regular file (${kindOf(info)}); basepin reads only regular files`);
    const bytes = readBounded(fd, info, bounds.maxBytes, () => new UnreadableFileError(tooLargeMessage(bounds)));
    return { bytes, identity: { path: real, dev: info.dev, ino: info.ino, sha256: sha256(bytes) } };
  } finally {
    closeSync(fd);
  }
}

/** The text of a regular file of at most `maxBytes` (a configuration file, a list of dependents). */
export function readTextFile(file: string, maxBytes: number = defaults.maxFileBytes): string {
  return readRegularFile(file, { maxBytes }).bytes.toString('utf8');
}

/**
 * Throws FileChangedError unless `identity.path` is still, right now, the very file that was read (same directory
 * path, not replaced by a link or another file) and holds the same bytes. Returns its current status (mode, owner).
 * Synchronous on purpose: nothing else in this process runs between this check and the caller's next step.
 */
export function assertUnchanged(identity: FileIdentity, maxBytes: number): Stats {
  const directory = path.dirname(identity.path);
  // A directory on the way swapped for a link would lead the write elsewhere.
  if (realpathOrUndefined(directory) !== directory) throw new FileChangedError();
  let fd: number;
  try {
    fd = openSync(identity.path, READ_FLAGS);
  } catch (error) {
    // Gone, or now a symbolic link (O_NOFOLLOW): not the file that was read.
    if (['ENOENT', 'ELOOP', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? ''))
      throw new FileChangedError();
    throw error;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.dev !== identity.dev || info.ino !== identity.ino) throw new FileChangedError();
    const bytes = readBounded(fd, info, maxBytes, () => new FileChangedError());
    if (sha256(bytes) !== identity.sha256) throw new FileChangedError();
    return info;
  } finally {
    closeSync(fd);
  }
}

/** At most `maxBytes` of an open regular file; more is an error (the file may grow while it is read). */
function readBounded(fd: number, info: Stats, maxBytes: number, tooLarge: () => Error): Buffer {
  if (info.size > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
    const count = readSync(fd, chunk, 0, chunk.length, null);
    if (count === 0) break;
    chunks.push(chunk.subarray(0, count));
    total += count;
    if (total > maxBytes) throw tooLarge();
  }
  return Buffer.concat(chunks, total);
}

function tooLargeMessage({ maxBytes, setting }: ReadBounds): string {
  return `larger than ${maxBytes} bytes${setting === undefined ? '' : ` (${setting})`}; basepin leaves it alone`;
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a directory';
  return 'not a file';
}

function realpathOrUndefined(file: string): string | undefined {
  try {
    return realpathSync.native(file);
  } catch {
    return undefined;
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
