import { renameSync } from 'node:fs';
import { open, realpath, stat, unlink } from 'node:fs/promises';
import { temporaryFor } from './leftovers.js';
import { assertUnchanged, type FileIdentity } from './read.js';

/** The file as it was read: the write goes to exactly that file, and only while it still holds what was read. */
export interface Expected {
  identity: FileIdentity;
  /** The read's size cap, for reading it again. */
  maxBytes: number;
}

/**
 * Replace `file`'s content with `text` atomically: write a temporary file beside it, flush it to disk, give it the
 * original's mode and owner, then rename it over the original. A reader sees either the old file or the new one, never
 * a part. A symbolic link is followed: its target is rewritten and the link stays a link.
 *
 * With `expected`, the file written is the one read (its real path then, not wherever a link leads now), and right
 * before the rename it is confirmed to be that same file with the same bytes: an edit made meanwhile, or the file
 * swapped for a link or another file, leaves it untouched and throws FileChangedError.
 */
export async function writeFileAtomic(file: string, text: string, expected?: Expected): Promise<void> {
  const target = expected?.identity.path ?? (await realpath(file));
  const { mode, uid, gid } = expected ? assertUnchanged(expected.identity, expected.maxBytes) : await stat(target);
  const temporary = temporaryFor(target);
  try {
    const handle = await open(temporary, 'wx', mode & 0o7777);
    try {
      await handle.writeFile(text, 'utf8');
      // The owner first (only root, or the owner itself, may set it: otherwise the file becomes the writer's, as with
      // any editor), then the exact mode, which open() filtered through the umask.
      await handle.chown(uid, gid).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPERM') throw error;
      });
      await handle.chmod(mode & 0o7777);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The check and the rename run back to back, synchronously: the window for an edit to slip in is as short as it
    // can be. The rename replaces the name itself: it never follows a link that would now stand there.
    if (expected) assertUnchanged(expected.identity, expected.maxBytes);
    renameSync(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
