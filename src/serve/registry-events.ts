/**
 * The distribution registry's notifications (`application/vnd.docker.distribution.events.v1+json`):
 * `{"events": [{action, target: {repository, tag, digest, url}, request: {host}}]}`. Only `push` events that carry a
 * tag are hints; blob uploads, untagged child manifests of a multi-platform push, pulls and deletes are ignored. The
 * host is the one in the target URL (the registry's own view), else the request's Host. Pure.
 */

import { isObject } from '../is-object.js';
import { nonEmptyString, PayloadError, type Hint, type ParsedHook } from './hint.js';

export function registryHook(body: unknown): ParsedHook {
  if (!isObject(body) || !Array.isArray(body.events))
    throw new PayloadError('expected a distribution envelope: {"events": [...]}');
  const hints: Hint[] = [];
  for (const event of body.events) {
    const hint = isObject(event) && event.action === 'push' ? pushHint(event) : undefined;
    if (hint !== undefined) hints.push(hint);
  }
  return { hints, ignored: body.events.length - hints.length };
}

function pushHint(event: Record<string, unknown>): Hint | undefined {
  const { target, request } = event;
  if (!isObject(target) || !nonEmptyString(target.tag) || !nonEmptyString(target.repository)) return undefined;
  const host = hostOf(target.url) ?? (isObject(request) && nonEmptyString(request.host) ? request.host : undefined);
  if (host === undefined) return undefined;
  return {
    host,
    repository: target.repository,
    tag: target.tag,
    ...(nonEmptyString(target.digest) ? { digest: target.digest } : {}),
  };
}

function hostOf(url: unknown): string | undefined {
  if (!nonEmptyString(url)) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}
