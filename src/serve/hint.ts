/** What a webhook tells basepin: a tag was pushed somewhere. Only a hint: the registry's tag is the truth. Pure. */

import { parseNormalized, repositoryName } from '../reference/index.js';

export interface Hint {
  /** The registry host as the registry knows itself (`registry.internal:5000`, `docker.io`). */
  host: string;
  /** `platform/base` */
  repository: string;
  tag: string;
  /** The digest the sender says was pushed, when it says. */
  digest?: string;
}

/** What one webhook request held: the hints, and how many of its events were ignored (pulls, untagged pushes...). */
export interface ParsedHook {
  hints: Hint[];
  ignored: number;
}

/** A webhook body that is JSON but not the shape its sender uses; answered 400. */
export class PayloadError extends Error {
  override name = 'PayloadError';
}

/**
 * The normalized `name:tag` a hint is about, as dependents' files spell it: the host goes through the aliases
 * (`--registry-alias HOST=NAME`). Undefined when the result is not a valid reference.
 */
export function hintImage(hint: Hint, aliases: ReadonlyMap<string, string>): string | undefined {
  try {
    const ref = parseNormalized(`${aliases.get(hint.host) ?? hint.host}/${hint.repository}:${hint.tag}`);
    return `${repositoryName(ref)}:${ref.tag}`;
  } catch {
    return undefined;
  }
}

/** Parses repeated `HOST=NAME` options; throws a message naming the bad one. */
export function parseAliases(values: readonly string[]): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const value of values) {
    const match = /^([^=\s]+)=([^=\s]+)$/.exec(value);
    if (!match) throw new Error(`--registry-alias ${value}: must be HOST=NAME`);
    aliases.set(match[1]!, match[2]!);
  }
  return aliases;
}

export const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';
