/** Reading an image config blob: its platform, creation time, labels, history and layer diff IDs. */

import { ImageError } from './errors.js';
import { parseJsonObject } from './manifest.js';
import type { Platform } from './platform.js';

/** One entry of the config's `history`, as written there. */
export interface ConfigHistoryEntry {
  created: string | null;
  createdBy: string;
  comment: string;
  /** True for steps that made no layer (ENV, CMD, LABEL, ...). */
  emptyLayer: boolean;
}

export interface ImageConfig {
  platform: Platform;
  created: string | null;
  labels: Record<string, string>;
  history: ConfigHistoryEntry[];
}

/** Reads a config blob whose digest is `digest`. Throws `ImageError` (`format`). */
export function parseConfig(bytes: Uint8Array, digest: string): ImageConfig {
  const json = parseJsonObject(bytes);
  if (json === undefined)
    throw new ImageError(`image config ${digest} is not a JSON object`, { reason: 'format', digest });
  const labels = (json.config as { Labels?: unknown } | undefined)?.Labels;
  return {
    platform: {
      os: text(json.os),
      architecture: text(json.architecture),
      ...(text(json.variant) === '' ? {} : { variant: text(json.variant) }),
    },
    created: text(json.created) || null,
    labels: stringRecord(labels),
    history: Array.isArray(json.history) ? json.history.map(historyEntry) : [],
  };
}

function historyEntry(value: unknown): ConfigHistoryEntry {
  const entry = (value ?? {}) as Record<string, unknown>;
  return {
    created: text(entry.created) || null,
    createdBy: text(entry.created_by),
    comment: text(entry.comment),
    emptyLayer: entry.empty_layer === true,
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function stringRecord(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
