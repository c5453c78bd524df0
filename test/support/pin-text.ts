/** Pinning a text in memory, as `basepin pin` does, for the extractor tests: every edit checked by reading again. */

import type { Extractor, ExtractContext } from '../../src/extract/types.js';
import { applyEdits, verifyRewrite } from '../../src/plan/rewrite.js';

/** `text` with every reference that is not skipped pinned to `digest`, re-extracted and verified as the run does. */
export function pinText(
  extractor: Extractor,
  text: string,
  path: string,
  digest: string,
  context?: ExtractContext,
): string {
  const found = extractor.extract(text, path, context);
  const edits = found.filter((one) => one.skip === undefined).map((one) => ({ found: one, digest }));
  const after = applyEdits(text, edits);
  verifyRewrite(found, extractor.extract(after, path, context), edits);
  return after;
}
