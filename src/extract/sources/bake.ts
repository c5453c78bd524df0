import { hclTargetContexts } from '../hcl/reader.js';
import { jsonAt, jsonMembers, jsonStringSpan, parseJsonc } from '../json/documents.js';
import { type StringSpan, imageInString } from '../common/string-image.js';
import type { Extractor } from '../types.js';

const BAKE_NAME = /(?:^|\/)docker-bake(?:\.override)?\.(?:hcl|json)$/;

/**
 * Docker Bake files (`docker-bake.hcl`, `docker-bake.json`, and their `.override` variants): the
 * `docker-image://IMAGE` values of each target's `contexts`. Spans leave `docker-image://` out; images using
 * `${VARIABLE}`s are skipped.
 */
export const bakeExtractor: Extractor<'bake'> = {
  kind: 'bake',
  matches: (path) => BAKE_NAME.test(path),
  extract(text, path) {
    const contexts = path.endsWith('.json') ? jsonTargetContexts(text) : hclTargetContexts(text);
    return contexts.flatMap((span) => imageInString('bake', text, span, { prefix: 'docker-image://' }) ?? []);
  },
};

/** The string values of `target.NAME.contexts` in a Bake JSON file. */
function jsonTargetContexts(text: string): StringSpan[] {
  return jsonMembers(jsonAt(parseJsonc(text), ['target'])).flatMap(([, target]) =>
    jsonMembers(jsonAt(target, ['contexts'])).flatMap(([, value]) => jsonStringSpan(value, text) ?? []),
  );
}
