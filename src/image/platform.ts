/** Platforms (`os/arch[/variant]`): parsing, printing, and matching the way containerd matches them. */

import { ImageError } from './errors.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** The platform `inspect` and `diff` look at in an index unless told otherwise. */
export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

/** The variant an architecture has when none is written (containerd's normalization). */
const DEFAULT_VARIANT: Record<string, string> = { arm64: 'v8', arm: 'v7', amd64: 'v1' };

/** Reads `linux/amd64` or `linux/arm64/v8`. Throws `ImageError` (`platform`). */
export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => !/^[a-z0-9_.-]+$/i.test(part))) {
    throw new ImageError(`invalid platform ${JSON.stringify(text)}: expected os/arch or os/arch/variant`, {
      reason: 'platform',
    });
  }
  const [os, architecture, variant] = parts.map((part) => part.toLowerCase());
  return variant === undefined
    ? { os: os!, architecture: architecture! }
    : { os: os!, architecture: architecture!, variant };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant]
    .filter((part) => part !== undefined && part !== '')
    .join('/');
}

/**
 * Whether an image for `offered` runs where `wanted` is asked for: same os and architecture, and the same variant once
 * defaults are filled in (`linux/arm64` is `linux/arm64/v8`). A wanted platform without variant, on an architecture
 * without a default variant, accepts any.
 */
export function platformMatches(wanted: Platform, offered: Platform): boolean {
  if (wanted.os !== offered.os || wanted.architecture !== offered.architecture) return false;
  const want = wanted.variant || DEFAULT_VARIANT[wanted.architecture];
  if (want === undefined) return true;
  return want === (offered.variant || DEFAULT_VARIANT[offered.architecture]);
}
