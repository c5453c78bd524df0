/** An independent oracle: the digest `skopeo` (containers/image) reports for a tag. */

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `skopeo inspect --format '{{.Digest}}' docker://HOST/NAME:TAG` over plain HTTP, with optional `user:password`. */
export async function skopeoDigest(image: string, credentials?: string): Promise<string> {
  const args = ['inspect', '--tls-verify=false', '--format', '{{.Digest}}'];
  if (credentials !== undefined) args.push('--creds', credentials);
  const { stdout } = await run('skopeo', [...args, `docker://${image}`]);
  return stdout.trim();
}
