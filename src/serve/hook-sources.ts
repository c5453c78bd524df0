/**
 * The one list of webhook senders `basepin serve` understands, each at `POST /hooks/<source>`. Adding a sender is its
 * parser (`<source>-events.ts`, body to hints) and one line here; the `Source` union comes from this list. Pure.
 */

import { dockerHubHook } from './dockerhub-events.js';
import { harborHook } from './harbor-events.js';
import type { ParsedHook } from './hint.js';
import { registryHook } from './registry-events.js';

/** One webhook sender. */
export interface HookSource<S extends string> {
  source: S;
  /** The hints in a JSON body; throws PayloadError when the body is not this sender's shape. */
  parse: (body: unknown) => ParsedHook;
  /** Whether the route may carry the secret as `?token=` (Docker Hub cannot set headers). */
  queryToken: boolean;
}

const HOOK_SOURCES = [
  { source: 'registry', parse: registryHook, queryToken: false } satisfies HookSource<'registry'>,
  { source: 'dockerhub', parse: dockerHubHook, queryToken: true } satisfies HookSource<'dockerhub'>,
  { source: 'harbor', parse: harborHook, queryToken: false } satisfies HookSource<'harbor'>,
] as const;

/** A webhook sender: `registry` (CNCF Distribution notifications), `dockerhub`, `harbor`. */
export type Source = (typeof HOOK_SOURCES)[number]['source'];

/** The sender whose route is `path` (`/hooks/harbor`), if any. */
export function hookSourceAt(path: string): HookSource<Source> | undefined {
  return HOOK_SOURCES.find((entry) => path === `/hooks/${entry.source}`);
}
