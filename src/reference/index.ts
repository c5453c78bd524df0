/** Image references, exactly as Docker's distribution/reference reads them. Pure: no I/O, no dependencies. */
export { isDigest } from './digest.js';
export {
  DOCKER_HUB_ALIASES,
  DOCKER_HUB_DOMAIN,
  DOCKER_HUB_SERVER_URL,
  OFFICIAL_REPO_PREFIX,
  registryHost,
} from './docker-hub.js';
export { InvalidReferenceError, type ReferenceErrorCode } from './errors.js';
export { familiarName, familiarString, parseAny, parseDockerRef, parseNamed, parseNormalized } from './normalize.js';
export {
  byDigest,
  byTag,
  lookupKey,
  nameOnly,
  tagOrDefault,
  withDefaultTag,
  withDigest,
  withoutDigest,
} from './operations.js';
export { formatReference, parse, repositoryName, withName } from './parse.js';
export { pinnedText } from './pin.js';
export { effectiveTag } from './tag.js';
export type { DigestReference, NormalizedReference, Reference } from './types.js';
