import { isDigest } from './digest.js';
import { DOCKER_HUB_DOMAIN, LEGACY_DOCKER_HUB_DOMAIN, OFFICIAL_REPO_PREFIX } from './docker-hub.js';
import { InvalidReferenceError } from './errors.js';
import { anchoredIdentifier } from './grammar.js';
import { byTag } from './operations.js';
import { checkLength, formatReference, parseReportingAs, repositoryName } from './parse.js';
import type { DigestReference, NormalizedReference, Reference } from './types.js';

/**
 * Parses a reference the way `docker pull` reads it (Go's `ParseNormalizedNamed`): `ubuntu` becomes
 * `docker.io/library/ubuntu`, `index.docker.io/x/y` becomes `docker.io/x/y`. No default tag is added.
 * Throws `InvalidReferenceError`.
 */
export function parseNormalized(input: string): NormalizedReference {
  checkLength(input, input);
  if (anchoredIdentifier.test(input)) {
    const message = `invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`;
    throw new InvalidReferenceError('invalid-format', input, message);
  }
  const { domain, remainder } = splitDockerDomain(input);
  const remote = remainder.split(':', 1)[0];
  if (remote.toLowerCase() !== remote) {
    const message = `invalid reference format: repository name (${remote}) must be lowercase`;
    throw new InvalidReferenceError('name-contains-uppercase', input, message);
  }
  const ref = parseReportingAs(`${domain}/${remainder}`, input);
  if (ref.domain === null) {
    // Go returns a reference without a domain here (e.g. for `foo_bar.com/x`), which no registry can serve.
    const message = `invalid reference format: ${domain} is not a valid registry domain`;
    throw new InvalidReferenceError('invalid-format', input, message);
  }
  return { ...ref, domain: ref.domain };
}

/**
 * Parses a reference the way Docker resolves it (Go's `ParseDockerRef`): normalized, with `latest` added
 * when there is neither tag nor digest, and the tag dropped when there is a digest.
 */
export function parseDockerRef(input: string): NormalizedReference {
  const ref = parseNormalized(input);
  return ref.digest === null ? byTag(ref) : { ...ref, tag: null };
}

/**
 * Parses a reference or a bare digest (Go's `ParseAnyReference`): 64 hex characters are a sha256 digest,
 * `sha256:<hex>` (or sha384, sha512) is a digest, anything else is read by `parseNormalized`.
 */
export function parseAny(input: string): NormalizedReference | DigestReference {
  checkLength(input, input);
  if (anchoredIdentifier.test(input)) return { digest: `sha256:${input}` };
  if (isDigest(input)) return { digest: input };
  return parseNormalized(input);
}

/** Parses a reference that must already be in its full, normalized form (Go's `ParseNamed`). */
export function parseNamed(input: string): NormalizedReference {
  const ref = parseNormalized(input);
  if (formatReference(ref) !== input) throw new InvalidReferenceError('name-not-canonical', input);
  return ref;
}

/** The short repository name Docker shows: `ubuntu` for `docker.io/library/ubuntu` (Go's `FamiliarName`). */
export function familiarName(ref: NormalizedReference): string {
  return repositoryName(familiarize(ref));
}

/** The short reference Docker shows, with tag and digest: `ubuntu:22.04` (Go's `FamiliarString`). */
export function familiarString(ref: NormalizedReference): string {
  return formatReference(familiarize(ref));
}

/** Drops the Docker Hub domain, and the `library/` namespace of a single-component official image. */
function familiarize(ref: NormalizedReference): Reference {
  if (ref.domain !== DOCKER_HUB_DOMAIN) return ref;
  const official = ref.path.startsWith(OFFICIAL_REPO_PREFIX) ? ref.path.slice(OFFICIAL_REPO_PREFIX.length) : null;
  const path = official !== null && !official.includes('/') ? official : ref.path;
  return { ...ref, domain: null, path };
}

/**
 * Splits what the user wrote into a domain and the rest, like Go's `splitDockerDomain`. The first component is
 * a domain when it is `localhost`, contains `.` or `:`, or has upper case (Docker Hub namespaces cannot);
 * otherwise the domain is Docker Hub, and a single-component Hub name gets the `library/` namespace.
 */
function splitDockerDomain(input: string): { domain: string; remainder: string } {
  const slash = input.indexOf('/');
  if (slash === -1) return { domain: DOCKER_HUB_DOMAIN, remainder: OFFICIAL_REPO_PREFIX + input };
  const first = input.slice(0, slash);
  if (!isDomainLike(first)) return { domain: DOCKER_HUB_DOMAIN, remainder: input };
  const domain = first === LEGACY_DOCKER_HUB_DOMAIN ? DOCKER_HUB_DOMAIN : first;
  return { domain, remainder: hubOfficial(domain, input.slice(slash + 1)) };
}

/** Whether a first component names a registry rather than a Docker Hub namespace. */
function isDomainLike(component: string): boolean {
  return component === 'localhost' || /[.:]/.test(component) || component.toLowerCase() !== component;
}

/** On Docker Hub, `docker.io/ubuntu` means `docker.io/library/ubuntu`. */
function hubOfficial(domain: string, remainder: string): string {
  return domain === DOCKER_HUB_DOMAIN && !remainder.includes('/') ? OFFICIAL_REPO_PREFIX + remainder : remainder;
}
