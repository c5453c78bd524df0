/** What the extractor tests share: reading their fixtures, and the parts of a Found that their expectations spell out. */

import { readFileSync } from 'node:fs';
import type { Found } from '../../src/extract/types.js';

/** The text of `test/fixtures/extract/<kind>/<name>`. */
export function readFixture(kind: string, name: string): string {
  return readFileSync(new URL(`../../../test/fixtures/extract/${kind}/${name}`, import.meta.url), 'utf8');
}

export interface SeenOptions {
  /** Leave `span` out when the span's text is the image itself. */
  spanUnlessImage?: boolean;
  /** Add the edit `template` and its position `at` (kustomize). */
  template?: boolean;
}

/** The parts of a Found extracted from `text` that a reader checks: the image, the span's text, where it starts, why it is skipped. */
export function seen(text: string, options: SeenOptions = {}): (found: Found) => Record<string, unknown> {
  return (found) => {
    const span = text.slice(found.start, found.end);
    return {
      image: found.image,
      ...(options.spanUnlessImage === true && span === found.image ? {} : { span }),
      ...(options.template === true ? { template: found.template, at: found.at } : {}),
      line: found.line,
      column: found.column,
      ...(found.skip === undefined ? {} : { skip: found.skip }),
    };
  };
}
