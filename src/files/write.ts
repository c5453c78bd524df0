import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replace `file`'s content with `text` atomically: write a temporary file beside it, flush it to disk, give it the
 * original's mode, then rename it over the original. A reader sees either the old file or the new one, never a part.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const { mode } = await stat(file);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.basepin-${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(temporary, 'wx', mode & 0o7777);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(mode & 0o7777); // open() applies the umask; restore the exact mode
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
