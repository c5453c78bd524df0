/** skopeo as the independent oracle for image metadata: `skopeo inspect` and `skopeo inspect --config`, parsed. */

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SkopeoImage {
  Digest: string;
  Created: string;
  Labels: Record<string, string> | null;
  Architecture: string;
  Os: string;
  /** Layer digests (skopeo 1.9, Debian 12's, has no `LayersData` with sizes: read those from the raw manifest). */
  Layers: string[];
}

export interface SkopeoConfig {
  created: string;
  architecture: string;
  os: string;
  variant?: string;
  config: { Labels?: Record<string, string> };
  history: Array<{ created?: string; created_by?: string; comment?: string; empty_layer?: boolean }>;
}

/** `skopeo inspect` (or with `--config`) of `docker://IMAGE` over plain HTTP; `platform` picks from an index. */
export async function skopeoInspect(
  image: string,
  what: 'image',
  platform?: { architecture: string; variant?: string },
): Promise<SkopeoImage>;
export async function skopeoInspect(
  image: string,
  what: 'config',
  platform?: { architecture: string; variant?: string },
): Promise<SkopeoConfig>;
export async function skopeoInspect(
  image: string,
  what: 'image' | 'config',
  platform?: { architecture: string; variant?: string },
) {
  const overrides = platform === undefined ? [] : ['--override-os', 'linux', '--override-arch', platform.architecture];
  if (platform?.variant !== undefined) overrides.push('--override-variant', platform.variant);
  const args = [
    ...overrides,
    'inspect',
    '--tls-verify=false',
    ...(what === 'config' ? ['--config'] : []),
    `docker://${image}`,
  ];
  const { stdout } = await run('skopeo', args, { maxBuffer: 8 * 1024 * 1024 });
  return JSON.parse(stdout) as unknown;
}
