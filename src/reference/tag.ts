import type { Reference } from './types.js';

/** The tag Docker reads when a reference names none: `nginx` is `nginx:latest`. */
export const DEFAULT_TAG = 'latest';

/**
 * The tag a reference names as Docker reads it: its own, `latest` when it has neither tag nor digest (`nginx`), and
 * null for a reference by digest alone (`nginx@sha256:...`).
 */
export function effectiveTag(ref: Reference): string | null {
  return ref.tag ?? (ref.digest === null ? DEFAULT_TAG : null);
}
