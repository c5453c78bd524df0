import { type Pair, type YAMLMap, isNode, isScalar } from 'yaml';
import type { StringSpan } from '../common/string-image.js';

/**
 * An empty span where a `digest:` key's value goes when the mapping `map` has none (kustomize's `images:` entries,
 * a Flux OCIRepository's `ref`): after an empty `digest:` key, or else after the mapping's last key, with the
 * `digest:` key to insert there in the mapping's own style (a flow mapping's `, digest: ...`, or a new line in the
 * indentation of its keys and the file's line breaks).
 */
export function digestFieldInsertion(
  text: string,
  map: YAMLMap,
): Pick<StringSpan, 'start' | 'end'> & { template: string } {
  const empty = map.items.find((pair) => isScalar(pair.key) && pair.key.value === 'digest');
  if (empty && isNode(empty.key) && empty.key.range) {
    const colon = text.indexOf(':', empty.key.range[1]) + 1;
    return { start: colon, end: colon, template: ' {digest}' };
  }
  const lastEnd = valueEnd(map.items[map.items.length - 1]);
  if (map.flow) return { start: lastEnd, end: lastEnd, template: ', digest: {digest}' };
  const newline = text.indexOf('\n', lastEnd - 1);
  const lineEnd = newline === -1 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
  const firstKey = map.range?.[0] ?? lastEnd;
  const indent = ' '.repeat(firstKey - (text.lastIndexOf('\n', firstKey - 1) + 1));
  const lineBreak = text.includes('\r\n') ? '\r\n' : '\n';
  return { start: lineEnd, end: lineEnd, template: `${lineBreak}${indent}digest: {digest}` };
}

/** Where the value of `pair` ends (or its key, when it has no value). */
function valueEnd(pair: Pair): number {
  const node = isNode(pair.value) ? pair.value : pair.key;
  return isNode(node) && node.range ? node.range[1] : 0;
}
