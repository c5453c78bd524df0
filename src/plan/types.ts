import type { Found, Kind } from '../extract/index.js';
import type { NormalizedReference } from '../reference/index.js';
import type { Reason } from './reason.js';

/** What basepin knows of one reference. */
export type Status = 'unpinned' | 'pinned' | 'stale' | 'skipped' | 'error';

export interface Entry {
  /** The file, relative to the working directory, with forward slashes. */
  file: string;
  found: Found;
  /** The parsed, normalized reference; absent when skipped or invalid. */
  ref?: NormalizedReference;
  status: Status;
  /**
   * The digest the reference should pin now, when it was looked up: the tag's digest, or for a pin to one platform's
   * image of a multi-platform tag, that platform's image in the tag's index (see platform-pins.ts).
   */
  current: string | null;
  /** Why it was skipped, or what went wrong. */
  message?: string;
  /** For status `error`: what kind of failure it was (reason.ts). */
  reason?: Reason;
  /** Skipped because the user said so (an ignore comment or the configuration's `ignore`), not because basepin cannot. */
  ignored?: boolean;
  /** The digest basepin wrote (or would write with --dry-run) in this run. */
  wrote?: string;
}

/** The JSON shape of one reference (`--json`). */
export interface ReferenceRecord {
  file: string;
  line: number;
  column: number;
  kind: Kind;
  image: string;
  name: string | null;
  tag: string | null;
  digest: string | null;
  current: string | null;
  status: Status;
  message: string | null;
  /** For status `error`, what kind of failure (reason.ts: `unauthorized`, `not-found`, `unreachable`, ...); else null. */
  reason: Reason | null;
  /** Whether this run wrote (or, with --dry-run, would write) a new digest for it. */
  changed: boolean;
}
