import { type Document, isMap } from 'yaml';
import { foundAt } from '../common/found-at.js';
import { interpolationSkip } from '../common/interpolation.js';
import type { Found } from '../types.js';
import { digestFieldInsertion } from '../yaml/digest-field.js';
import { field } from '../yaml/nodes.js';
import { scalarSpan } from '../yaml/scalars.js';

const OCI = 'oci://';

/**
 * A Flux OCIRepository (source.toolkit.fluxcd.io v1beta2, v1): the artifact at `spec.url` (`oci://HOST/PATH`) with
 * the tag `spec.ref.tag`, the image `HOST/PATH:TAG`. It is an OCI artifact (Kubernetes manifests, a Helm chart) more
 * often than a container image, but its registry resolves its tag to a manifest digest the same way.
 *
 * `ref.digest` (`sha256:...`) takes precedence over `ref.semver`, which takes precedence over `ref.tag`; so pinning
 * writes `ref.digest` beside the tag (inserted after the `ref`'s last key, in its indentation), and the tag stays to
 * tell readers which version the digest is. A `ref.semver` without a digest is a range of tags, not one tag, and is
 * skipped; an OCIRepository without `ref` follows `latest` (skipped: basepin does not invent the tag).
 */
export function ociRepositoryImage(document: Document.Parsed, text: string, resource: unknown): Found[] {
  const spec = field(document, resource, 'spec');
  const url = scalarSpan(field(document, spec, 'url'), text);
  if (!url?.value.startsWith(OCI)) return [];
  const repository = url.value.slice(OCI.length);
  const ref = field(document, spec, 'ref');
  const span = (key: string) => scalarSpan(field(document, ref, key), text);
  const tag = span('tag');
  const semver = span('semver');
  const digest = span('digest');
  const tagPart = tag && !semver ? `:${tag.value}` : '';
  const image = repository + tagPart + (digest?.value ? `@${digest.value}` : '');
  const skip =
    url.uneditable ??
    interpolationSkip(image) ??
    (digest?.value ? digest.uneditable : undefined) ??
    (digest?.value ? undefined : semver ? 'ref.semver is a range of tags, not a tag' : undefined) ??
    (digest?.value || tag ? undefined : 'no ref.tag: the artifact follows latest');
  const place = digest
    ? { start: digest.start, end: digest.end, template: '{digest}' }
    : isMap(ref) && ref.items.length > 0
      ? digestFieldInsertion(text, ref)
      : { start: url.end, end: url.end };
  return [
    foundAt('kubernetes', text, {
      image,
      ...place,
      ...(skip === undefined ? {} : { skip }),
      writtenAt: url.start,
    }),
  ];
}
