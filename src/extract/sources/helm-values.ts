import { type Document, type Pair, type YAMLMap, isMap, isScalar, isSeq } from 'yaml';
import { foundAt, inSourceOrder } from '../common/found-at.js';
import { interpolationSkip } from '../common/interpolation.js';
import type { StringSpan } from '../common/string-image.js';
import type { ExtractContext, Extractor, Found, Kind } from '../types.js';
import { parseYamlDocuments } from '../yaml/documents.js';
import { type YamlNode, elements, entries, field, resolved } from '../yaml/nodes.js';
import { scalarImage, scalarSpan } from '../yaml/scalars.js';

/** `values.yaml`, `values-prod.yaml`, `values.dev.yml`: read as Helm values only beside a `Chart.yaml`. */
const VALUES_NAME = /(?:^|\/)values[^/]*\.ya?ml$/;

/** Keys that hold an image, as Renovate's helm-values manager reads them: `image`, `initImage`, `sidecarImage`, ... */
const IMAGE_KEY = /image$/i;

const NO_TAG = "no tag: the chart's appVersion decides";

/**
 * Helm chart values (`values*.yaml` in a directory with a `Chart.yaml`): every key ending in `image` whose value is
 * an image string, or a block `{ registry, repository, tag, digest }` (the image `registry/repository:tag@digest`).
 * Templates (`templates/*.yaml`) are not values.
 *
 * Pinning a block writes its `digest:` key when it has one (Bitnami's charts render `repository@digest` then),
 * keeping the value's quotes, and else the tag as `tag: 1.2@sha256:...`, as Renovate and Dependabot do;
 * `context.helmDigest: tag` always writes the tag. A block without a tag takes the chart's `appVersion` in its
 * templates, which basepin does not read: it is skipped.
 */
export const helmValuesExtractor: Extractor<'helm'> = {
  kind: 'helm',
  matches: (path, context) => context?.inChart === true && VALUES_NAME.test(path),
  extract(text, _path, context = {}) {
    return inSourceOrder(
      parseYamlDocuments(text).flatMap((document) => valuesImages('helm', document, text, document.contents, context)),
    );
  },
};

/**
 * The images of the Helm values `values` (a document's root, or a Flux HelmRelease's `spec.values`), read as the
 * Helm values extractor reads them and reported as `kind`.
 */
export function valuesImages(
  kind: Kind,
  document: Document.Parsed,
  text: string,
  values: unknown,
  context: ExtractContext,
): Found[] {
  const found: Found[] = [];
  const seen = new Set<YamlNode>();
  const visit = (node: YamlNode | undefined): void => {
    if (node === undefined || seen.has(node)) return;
    seen.add(node);
    if (isSeq(node)) elements(document, node).forEach(visit);
    if (!isMap(node)) return;
    for (const [key, value] of entries(document, node)) {
      const block = IMAGE_KEY.test(key) && isMap(value) ? imageBlock(kind, document, text, value, context) : undefined;
      const inline = IMAGE_KEY.test(key) && isScalar(value) && typeof value.value === 'string';
      const one = block ?? (inline ? scalarImage(kind, text, value) : undefined);
      if (one) found.push(one);
      else if (!inline) visit(value);
    }
  };
  visit(resolved(document, values));
  return found;
}

/** The Found of an image block, or undefined when the mapping has no `repository` string (it is no image block). */
function imageBlock(
  kind: Kind,
  document: Document.Parsed,
  text: string,
  block: YAMLMap,
  context: ExtractContext,
): Found | undefined {
  const span = (key: string) => scalarSpan(field(document, block, key), text);
  const repository = span('repository');
  if (!repository || !isScalar(field(document, block, 'repository'))) return undefined;
  const registry = span('registry');
  const tag = span('tag');
  const digest = span('digest');
  const name = (registry?.value ? `${registry.value}/` : '') + repository.value;
  const image = name + (tag?.value ? `:${tag.value}` : '') + (digest?.value ? `@${digest.value}` : '');
  const writtenAt = block.range?.[0];
  const uneditable = [registry, repository, tag, digest].find((one) => one?.uneditable)?.uneditable;
  const skip = uneditable ?? interpolationSkip(image);
  if (!tag?.value && !digest?.value)
    return foundAt(kind, text, { image, ...at(repository), skip: skip ?? NO_TAG, writtenAt });
  const place =
    digest?.value || (context.helmDigest !== 'tag' && hasKey(block, 'digest'))
      ? digestPlace(text, block, digest)
      : at(tag!);
  return foundAt(kind, text, { image, ...place, ...(skip === undefined ? {} : { skip }), writtenAt });
}

function at(span: StringSpan): { start: number; end: number } {
  return { start: span.start, end: span.end };
}

function hasKey(block: YAMLMap, key: string): boolean {
  return block.items.some((pair) => isScalar(pair.key) && pair.key.value === key);
}

/**
 * Where the digest goes in the block's `digest:` key: over its value (inside its quotes, `""` included), or, for a key
 * written without a value (or `null`, `~`), in the value's place.
 */
function digestPlace(
  text: string,
  block: YAMLMap,
  digest: StringSpan | undefined,
): { start: number; end: number; template: string } {
  if (digest) return { ...at(digest), template: '{digest}' };
  const pair = block.items.find((one) => isScalar(one.key) && one.key.value === 'digest') as Pair<
    YamlNode,
    YamlNode | null
  >;
  const value = pair.value;
  if (isScalar(value) && value.range && value.range[0] < value.range[1]) {
    return { start: value.range[0], end: value.range[1], template: '{digest}' };
  }
  const colon = text.indexOf(':', pair.key.range?.[1] ?? 0) + 1;
  return { start: colon, end: colon, template: ' {digest}' };
}
