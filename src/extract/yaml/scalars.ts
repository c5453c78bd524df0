import { isScalar } from 'yaml';
import { type ImageOptions, QUOTED_FORM, type StringSpan, imageInString } from '../common/string-image.js';
import type { Found, Kind } from '../types.js';
import type { YamlNode } from './nodes.js';

const FOLDED = 'multi-line form basepin cannot edit safely';

/**
 * The string span of a YAML scalar: a plain scalar's text as written (so `1.10` stays `1.10`), a quoted scalar's
 * text inside its quotes. Anchors and tags before the value are not part of it. Quoted scalars whose text differs
 * from their value (escapes, `''`, line folding), block scalars (`|`, `>`) and plain scalars over several lines
 * are marked uneditable. Undefined for anything but a non-null scalar.
 */
export function scalarSpan(node: YamlNode | undefined, text: string): StringSpan | undefined {
  if (!isScalar(node) || !node.range || node.value === null) return undefined;
  const [start, end] = node.range;
  const raw = text.slice(start, end);
  const value = String(node.value);
  switch (node.type) {
    case 'PLAIN':
      return raw.includes('\n') ? { value, start, end, uneditable: FOLDED } : { value: raw, start, end };
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE': {
      const inner = { value, start: start + 1, end: end - 1 };
      return raw.slice(1, -1) === value ? inner : { ...inner, uneditable: QUOTED_FORM };
    }
    default:
      return { value, start, end, uneditable: QUOTED_FORM };
  }
}

/** The Found for an image written as the YAML scalar `node` (see imageInString), or undefined when there is none. */
export function scalarImage(
  kind: Kind,
  text: string,
  node: YamlNode | undefined,
  options: ImageOptions = {},
): Found | undefined {
  const span = scalarSpan(node, text);
  return span && imageInString(kind, text, span, options);
}
