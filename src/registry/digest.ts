/** Content digests (`algorithm:hex`) as the OCI image spec registers them. */

import { createHash } from 'node:crypto';

const HEX_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** True for `sha256:` + 64 lowercase hex characters, and likewise for sha384 (96) and sha512 (128). */
export function isDigest(value: string): boolean {
  const [algorithm, hex, ...rest] = value.split(':');
  const length = HEX_LENGTHS[algorithm];
  return (
    rest.length === 0 && length !== undefined && hex !== undefined && hex.length === length && /^[0-9a-f]+$/.test(hex)
  );
}

/** The digest of `bytes` with `algorithm` (`sha256` unless told). */
export function digestOf(bytes: Uint8Array, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** The algorithm part of a valid digest. */
export function algorithmOf(digest: string): string {
  return digest.slice(0, digest.indexOf(':'));
}
