/**
 * Harbor webhooks (the default payload format): `{"type": "PUSH_ARTIFACT", "event_data": {"resources": [{digest, tag,
 * resource_url: "HOST/PROJECT/NAME:TAG"}], "repository": {"repo_full_name": "PROJECT/NAME"}}}`. Other event types,
 * and resources without a tag, are ignored. Pure.
 */

import { isObject } from '../is-object.js';
import { nonEmptyString, PayloadError, type Hint, type ParsedHook } from './hint.js';

export function harborHook(body: unknown): ParsedHook {
  if (!isObject(body) || !nonEmptyString(body.type)) {
    throw new PayloadError('expected a Harbor webhook: {"type": ..., "event_data": {...}}');
  }
  if (body.type !== 'PUSH_ARTIFACT') return { hints: [], ignored: 1 };
  const data = body.event_data;
  if (
    !isObject(data) ||
    !Array.isArray(data.resources) ||
    !isObject(data.repository) ||
    !nonEmptyString(data.repository.repo_full_name)
  ) {
    throw new PayloadError(
      'a Harbor PUSH_ARTIFACT event needs event_data.resources and event_data.repository.repo_full_name',
    );
  }
  const repository = data.repository.repo_full_name;
  const hints: Hint[] = [];
  for (const resource of data.resources) {
    if (!isObject(resource) || !nonEmptyString(resource.tag) || !nonEmptyString(resource.resource_url)) continue;
    const host = resource.resource_url.split('/')[0]!;
    hints.push({
      host,
      repository,
      tag: resource.tag,
      ...(nonEmptyString(resource.digest) ? { digest: resource.digest } : {}),
    });
  }
  return { hints, ignored: data.resources.length - hints.length };
}
