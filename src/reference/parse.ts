import { digestProblem } from './digest.js';
import { InvalidReferenceError } from './errors.js';
import { NAME_TOTAL_LENGTH_MAX, REFERENCE_LENGTH_MAX, anchoredName, anchoredReference } from './grammar.js';
import type { Reference } from './types.js';

/**
 * Parses a reference exactly as written, without normalizing it (Go's `reference.Parse`). A first component
 * that looks like a domain is taken as one (`test:5000/repo`); `test.com:tag` is the name `test.com` with a tag.
 * Throws `InvalidReferenceError`.
 */
export function parse(input: string): Reference {
  return parseReportingAs(input, input);
}

/** Parses `text` like `parse`, but any error names `input`: what the user wrote, before it was expanded. */
export function parseReportingAs(text: string, input: string): Reference {
  checkLength(text, input);
  const match = anchoredReference.exec(text);
  if (match === null) throw new InvalidReferenceError(whyNoMatch(text), input);
  const [, domain, path, tag, digest] = match;
  if (path.length > NAME_TOTAL_LENGTH_MAX) throw new InvalidReferenceError('name-too-long', input);
  const problem = digest === undefined ? null : digestProblem(digest);
  if (problem !== null) throw new InvalidReferenceError(problem, input);
  return { domain: domain ?? null, path, tag: tag ?? null, digest: digest ?? null };
}

/** Parses a repository name, with no tag or digest and without normalizing it (Go's `reference.WithName`). */
export function withName(input: string): Reference {
  checkLength(input, input);
  const match = anchoredName.exec(input);
  if (match === null) throw new InvalidReferenceError('invalid-format', input);
  const [, domain, path] = match;
  if (path.length > NAME_TOTAL_LENGTH_MAX) throw new InvalidReferenceError('name-too-long', input);
  return { domain: domain ?? null, path, tag: null, digest: null };
}

/**
 * Refuses a text longer than REFERENCE_LENGTH_MAX before any pattern is run on it (see there). Go would still
 * read a long enough host name, but no registry can have one.
 */
export function checkLength(text: string, input: string): void {
  if (text.length <= REFERENCE_LENGTH_MAX) return;
  const message = `invalid reference format: more than ${REFERENCE_LENGTH_MAX} characters`;
  throw new InvalidReferenceError('invalid-format', input, message);
}

/** The repository name (Go's `Name()`): `domain/path`, or only `path` when there is no domain. */
export function repositoryName(ref: Reference): string {
  return ref.domain === null ? ref.path : `${ref.domain}/${ref.path}`;
}

/** The reference as text (Go's `String()`): `name[:tag][@digest]`. */
export function formatReference(ref: Reference): string {
  const tag = ref.tag === null ? '' : `:${ref.tag}`;
  const digest = ref.digest === null ? '' : `@${ref.digest}`;
  return `${repositoryName(ref)}${tag}${digest}`;
}

/** The error for a text the grammar rejects: empty, valid but for upper case, or just malformed. */
function whyNoMatch(input: string): 'name-empty' | 'name-contains-uppercase' | 'invalid-format' {
  if (input === '') return 'name-empty';
  if (anchoredReference.test(input.toLowerCase())) return 'name-contains-uppercase';
  return 'invalid-format';
}
