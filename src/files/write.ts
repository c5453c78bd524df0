import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replace `file`'s content with `text` atomically: write a temporary file beside it, flush it to disk, give it the
 * original's mode and owner, then rename it over the original. A reader sees either the old file or the new one, never
 * a part. A symbolic link is followed: its target is rewritten and the link stays a link.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const target = await realpath(file);
  const { mode, uid, gid } = await stat(target);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.basepin-${randomBytes(6).toString('hex')}`);
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
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
