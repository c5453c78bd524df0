import type { Document } from 'yaml';
import { foundAt } from '../common/found-at.js';
import { interpolationSkip } from '../common/interpolation.js';
import { type StringSpan, imageInString } from '../common/string-image.js';
import type { Found } from '../types.js';
import type { YamlNode } from '../yaml/nodes.js';
import { type YamlPath, nodesAt } from '../yaml/paths.js';
import { scalarSpan } from '../yaml/scalars.js';

const KEEPS_KUSTOMIZATION = "`*` keeps the kustomization's value, which basepin does not read";
const FROM_RESOURCES = 'no tag: the image comes from the resources';

/**
 * A reader of the `kustomize.images` of an Argo CD Application spec at `spec` (`spec.template.spec` in an
 * ApplicationSet): of its single `source` and of each of its `sources`.
 */
export const argoKustomizeImages =
  (spec: YamlPath) =>
  (document: Document.Parsed, text: string, resource: unknown): Found[] =>
    [`${spec}.source`, `${spec}.sources[]`]
      .flatMap((source) => nodesAt(document, resource, `${source}.kustomize.images[]`))
      .flatMap((node) => argoKustomizeImage(text, node) ?? []);

/**
 * An Argo CD Application's kustomize image override (a KustomizeImage string): the repo server passes each one,
 * after substituting `$ARGOCD_APP_*` variables, to `kustomize edit set image`, whose syntax it is:
 * `[name=]newName[:newTag][@digest]`. With `=`, what the build uses is the part after it, `newName:newTag@digest`
 * (kustomize renders a tag and a digest together as `newName:newTag@digest`, see kustomize.ts), and pinning appends
 * the digest there: `nginx=registry.example/nginx:1.25@sha256:...`.
 *
 * Without `=`, `name:newTag` sets the tag of the images named `name`. Appending a digest there would mean different
 * things to different kustomize versions (before kubernetes-sigs/kustomize#5234 `name:newTag@digest` sets the digest
 * of the images named `name:newTag`), so pinning writes the override with both names: `nginx=nginx:1.25@sha256:...`,
 * which every version reads as the same image, pinned.
 *
 * An override without a tag or digest (`mysql=mariadb`), without a new name (`app=:1.2`) or with `*` (keep the
 * kustomization's value) takes part of its image from files basepin does not read here, and is skipped; so is one
 * with variables. A string kustomize would refuse (no `:`, `@` or `=`) is no reference.
 */
export function argoKustomizeImage(text: string, node: YamlNode): Found | undefined {
  const span = scalarSpan(node, text);
  if (!span) return undefined;
  const { value } = span;
  const parts = value.split('=');
  if (parts.length > 2) return undefined;
  if (parts.length === 2) {
    const newImage = parts[1];
    // In a string written with escapes, offsets in the value are not offsets in the text (and it is skipped).
    const start = span.uneditable === undefined ? span.start + parts[0].length + 1 : span.start;
    const after: StringSpan = { ...span, value: newImage, start };
    const skip = overrideSkip(value, newImage);
    return imageInString('kubernetes', text, after, skip === undefined ? {} : { skip });
  }
  if (!/[:@]/.test(value)) return undefined;
  const skip = span.uneditable ?? overrideSkip(value, value);
  if (skip !== undefined || value.includes('@')) {
    return imageInString('kubernetes', text, span, skip === undefined ? {} : { skip });
  }
  const name = value.slice(0, value.lastIndexOf(':'));
  return foundAt('kubernetes', text, {
    image: value,
    start: span.start,
    end: span.end,
    template: `${name}=${value}@{digest}`,
  });
}

/** Why the override `whole`, whose image part is `image`, cannot be pinned; undefined when it can. */
function overrideSkip(whole: string, image: string): string | undefined {
  const variables = interpolationSkip(whole);
  if (variables !== undefined) return variables;
  if (whole.includes('*')) return KEEPS_KUSTOMIZATION;
  if (image === '' || image.startsWith(':') || image.startsWith('@'))
    return 'no new name: the name comes from the resources';
  if (!/:[^/]*$/.test(image) && !image.includes('@')) return FROM_RESOURCES;
  return undefined;
}
