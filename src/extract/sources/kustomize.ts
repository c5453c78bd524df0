import { type Document, type YAMLMap, isMap } from 'yaml';
import { foundAt } from '../common/found-at.js';
import type { Extractor, Found } from '../types.js';
import { digestFieldInsertion } from '../yaml/digest-field.js';
import { parseYamlDocuments } from '../yaml/documents.js';
import { elements, field } from '../yaml/nodes.js';
import { scalarSpan } from '../yaml/scalars.js';

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
export const kustomizeExtractor: Extractor<'kustomize'> = {
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
    ...(digest ? { start: digest.start, end: digest.end, template: '{digest}' } : digestFieldInsertion(text, entry)),
    ...(skip === undefined ? {} : { skip }),
    writtenAt: entry.range?.[0],
  });
}
