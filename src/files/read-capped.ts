/**
 * Reading a small file the user names (a configuration file, a certificate): only a regular file, and only up to a
 * size cap. A FIFO would block forever, `/dev/zero` or a symbolic link to it would never end, and an oversized file
 * would be read into memory whole.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** A file that exists but is not one basepin reads: not a regular file, or larger than the cap. */
export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/**
 * The bytes of `file`, at most `maxBytes` of them. Opening does not wait for a FIFO's writer (O_NONBLOCK); the size
 * is checked on the open file, and again while reading (a file may grow).
 * @throws UnreadableFileError for a special file or one over the cap; the system's error (ENOENT, EACCES) otherwise.
 */
export function readCappedFileSync(file: string, maxBytes: number): Buffer {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new UnreadableFileError('not a regular file');
    if (stats.size > maxBytes) throw tooLarge(maxBytes);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length <= maxBytes; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > maxBytes) throw tooLarge(maxBytes);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(maxBytes: number): UnreadableFileError {
  return new UnreadableFileError(`larger than ${formatBytes(maxBytes)}`);
}

/** `1 MiB`, `512 KiB`, `100 bytes`. */
function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
