import type { Found } from '../extract/index.js';
import { pinnedText } from '../reference/index.js';

/** A digest to write for one found reference. */
export interface Edit {
  found: Found;
  digest: string;
}

/** A rewrite that cannot be done safely; the file must be left as it is. */
export class RewriteError extends Error {
  constructor(
    message: string,
    readonly found?: Found,
  ) {
    super(message);
    this.name = 'RewriteError';
  }
}

/** The reference a found reference becomes once `digest` is written. */
export function expectedImage(found: Found, digest: string): string {
  return pinnedText(found.image, digest);
}

/** The text that replaces the found reference's span. */
function replacementFor(text: string, { found, digest }: Edit): string {
  if (found.template !== undefined) return found.template.replaceAll('{digest}', digest);
  const written = text.slice(found.start, found.end);
  const pinned = expectedImage(found, digest);
  const prefix = found.image.slice(0, found.image.length - written.length);
  if (!found.image.endsWith(written) || !pinned.startsWith(prefix)) {
    throw new RewriteError(`cannot place a digest in "${written}"`, found);
  }
  return pinned.slice(prefix.length);
}

/**
 * `text` with every edit applied, replacing exactly the edits' spans and nothing else. Edits of one span (one ARG
 * used by several FROMs) must agree; spans must not overlap.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const bySpan = new Map<string, { start: number; end: number; replacement: string; found: Found }>();
  for (const edit of edits) {
    const { start, end } = edit.found;
    const replacement = replacementFor(text, edit);
    const key = `${start}:${end}`;
    const earlier = bySpan.get(key);
    if (earlier && earlier.replacement !== replacement) {
      throw new RewriteError(
        `"${text.slice(start, end)}" is used by references that resolve to different digests`,
        edit.found,
      );
    }
    bySpan.set(key, { start, end, replacement, found: edit.found });
  }
  const spans = [...bySpan.values()].sort((a, b) => a.start - b.start);
  let result = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) throw new RewriteError('two references overlap', span.found);
    result += text.slice(at, span.start) + span.replacement;
    at = span.end;
  }
  return result + text.slice(at);
}

/**
 * Confirm that re-extracting the new text finds the same references, in the same order, with exactly the edited ones
 * changed to their pinned form and every other one as it was. Throws a RewriteError otherwise.
 */
export function verifyRewrite(before: readonly Found[], after: readonly Found[], edits: readonly Edit[]): void {
  if (before.length !== after.length) {
    throw new RewriteError(`the rewritten file holds ${after.length} references instead of ${before.length}`);
  }
  const digests = new Map(edits.map((edit) => [edit.found, edit.digest]));
  before.forEach((old, index) => {
    const now = after[index]!;
    const digest = digests.get(old);
    const expected = digest === undefined ? old.image : expectedImage(old, digest);
    if (now.kind !== old.kind || now.image !== expected || now.skip !== old.skip) {
      throw new RewriteError(`after rewriting, "${old.image}" reads as "${now.image}" instead of "${expected}"`, old);
    }
  });
}
