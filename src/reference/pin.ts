import { digestProblem } from './digest.js';
import { InvalidReferenceError, errorDetail } from './errors.js';
import { parseNormalized } from './normalize.js';
import { formatReference, parse } from './parse.js';
import { withDefaultTag, withDigest } from './operations.js';

/**
 * The reference as the user wrote it (not expanded), pinned to `digest`:
 * `nginx` -> `nginx:latest@sha256:...`, `reg:5000/a/b:t@sha256:OLD` -> `reg:5000/a/b:t@sha256:NEW`.
 * A reference written with a digest and no tag stays without a tag. Throws `InvalidReferenceError` when
 * `written` is not a valid reference or `digest` is not a supported digest.
 */
export function pinnedText(written: string, digest: string): string {
  const problem = digestProblem(digest);
  if (problem !== null) {
    throw new InvalidReferenceError(problem, digest, `invalid digest ${digest}: ${errorDetail(problem)}`);
  }
  parseNormalized(written); // Validates the way Docker reads it; the text below keeps the user's spelling.
  const ref = parse(written);
  return formatReference(withDigest(withDefaultTag(ref), digest));
}
