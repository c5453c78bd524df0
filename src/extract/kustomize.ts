import { type Document, type Pair, type YAMLMap, isMap, isNode, isScalar } from 'yaml';
import { foundAt } from './found-at.js';
import type { StringSpan } from './string-image.js';
import type { Extractor, Found } from './types.js';
import { parseYamlDocuments } from './yaml-documents.js';
import { elements, field } from './yaml-nodes.js';
import { scalarSpan } from './yaml-scalars.js';

const KUSTOMIZATION_NAME = /(?:^|\/)(?:kustomization\.ya?ml|Kustomization)$/;

/**
 * Kustomizations: each `images:` entry is the image `(newName || name):newTag@digest`.
 *
 * Pinning writes the entry's `digest:` field, as `kustomize edit set image` does, and leaves the name and tag as
 * they are: the Found's `template` is `{digest}` over an existing digest's value, or an inserted
 * `digest: {digest}` line. Keeping `newTag` beside the digest is safe: since kubernetes-sigs/kustomize#4406
 * (2022; see #5664) an entry with both renders `name:newTag@digest`, a valid reference that still shows the tag;
 * older versions rendered `name@digest`, just as pinned. A `digest` without `newTag` renders `name@digest`
 * (kustomize drops the resource's tag), which is the image reported.
 *
 * An entry with neither takes its tag from the resources it applies to, which basepin does not read, so it is
 * skipped.
 */
export const kustomizeExtractor: Extractor = {
  kind: 'kustomize',
  matches: (path) => KUSTOMIZATION_NAME.test(path),
  extract(text) {
    return parseYamlDocuments(text).flatMap((document) =>
      elements(document, field(document, document.contents, 'images')).flatMap((entry) =>
        isMap(entry) ? (imageEntry(document, text, entry) ?? []) : [],
      ),
    );
  },
};

function imageEntry(document: Document.Parsed, text: string, entry: YAMLMap): Found | undefined {
  const span = (key: string) => scalarSpan(field(document, entry, key), text);
  const name = span('newName') ?? span('name');
  if (!name) return undefined;
  const tag = span('newTag');
  const digest = span('digest');
  const image = name.value + (tag ? `:${tag.value}` : '') + (digest?.value ? `@${digest.value}` : '');
  const skip = tag || digest?.value ? digest?.uneditable : 'no newTag: the tag comes from the resources';
  return foundAt('kustomize', text, {
    image,
    ...(digest ? { start: digest.start, end: digest.end, template: '{digest}' } : digestInsertion(text, entry)),
    ...(skip === undefined ? {} : { skip }),
    writtenAt: entry.range?.[0],
  });
}

/**
 * An empty span where the digest goes when the entry has none: after an empty `digest:` key, or else after the entry's
 * last key with the `digest:` key to insert there in the entry's own style.
 */
function digestInsertion(text: string, entry: YAMLMap): Pick<StringSpan, 'start' | 'end'> & { template: string } {
  const empty = entry.items.find((pair) => isScalar(pair.key) && pair.key.value === 'digest');
  if (empty && isNode(empty.key) && empty.key.range) {
    const colon = text.indexOf(':', empty.key.range[1]) + 1;
    return { start: colon, end: colon, template: ' {digest}' };
  }
  const lastEnd = valueEnd(entry.items[entry.items.length - 1]);
  if (entry.flow) return { start: lastEnd, end: lastEnd, template: ', digest: {digest}' };
  const newline = text.indexOf('\n', lastEnd - 1);
  const lineEnd = newline === -1 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
  const firstKey = entry.range?.[0] ?? lastEnd;
  const indent = ' '.repeat(firstKey - (text.lastIndexOf('\n', firstKey - 1) + 1));
  const lineBreak = text.includes('\r\n') ? '\r\n' : '\n';
  return { start: lineEnd, end: lineEnd, template: `${lineBreak}${indent}digest: {digest}` };
}

/** Where the value of `pair` ends (or its key, when it has no value). */
function valueEnd(pair: Pair): number {
  const node = isNode(pair.value) ? pair.value : pair.key;
  return isNode(node) && node.range ? node.range[1] : 0;
}
