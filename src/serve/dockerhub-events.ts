/**
 * Docker Hub webhooks: one push per request, `{"push_data": {"tag"}, "repository": {"repo_name"}}`, always about
 * `docker.io` (official images are `library/NAME`). Docker Hub sends no digest. Pure.
 */

import { DOCKER_HUB_DOMAIN, OFFICIAL_REPO_PREFIX } from '../reference/index.js';
import { isObject } from '../is-object.js';
import { nonEmptyString, PayloadError, type ParsedHook } from './hint.js';

export function dockerHubHook(body: unknown): ParsedHook {
  if (!isObject(body) || !isObject(body.push_data) || !isObject(body.repository)) {
    throw new PayloadError('expected a Docker Hub webhook: {"push_data": {...}, "repository": {...}}');
  }
  const { tag } = body.push_data;
  const name = body.repository.repo_name;
  if (!nonEmptyString(tag) || !nonEmptyString(name)) return { hints: [], ignored: 1 };
  const repository = name.includes('/') ? name : OFFICIAL_REPO_PREFIX + name;
  return { hints: [{ host: DOCKER_HUB_DOMAIN, repository, tag }], ignored: 0 };
}
