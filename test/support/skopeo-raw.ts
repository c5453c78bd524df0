/** skopeo as the independent oracle for bytes: the raw manifest and the raw image config of a tag. */

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `skopeo inspect --raw` (or `--config --raw`) of `docker://IMAGE` over plain HTTP, as exact bytes. */
export async function skopeoRaw(image: string, what: 'manifest' | 'config' = 'manifest'): Promise<Buffer> {
  const args = [
    'inspect',
    '--tls-verify=false',
    '--raw',
    ...(what === 'config' ? ['--config'] : []),
    `docker://${image}`,
  ];
  const { stdout } = await run('skopeo', args, { encoding: 'buffer', maxBuffer: 8 * 1024 * 1024 });
  return stdout;
}
