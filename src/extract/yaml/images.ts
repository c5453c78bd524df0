import { type Document, isMap, isScalar } from 'yaml';
import { inSourceOrder } from '../common/found-at.js';
import type { Found, Kind } from '../types.js';
import { parseYamlDocuments } from './documents.js';
import { type YamlNode, field } from './nodes.js';
import { scalarImage } from './scalars.js';

/**
 * The Founds of `nodes`, each an image string, or a mapping whose `name:` is one (how Bitbucket Pipelines and GitLab CI
 * write an image with settings); anything else is no image.
 */
export function namedImages(kind: Kind, document: Document.Parsed, text: string, nodes: YamlNode[]): Found[] {
  return nodes.flatMap((node) => {
    const scalar = isMap(node) ? field(document, node, 'name') : node;
    return isScalar(scalar) && typeof scalar.value === 'string' ? (scalarImage(kind, text, scalar) ?? []) : [];
  });
}

/** Every image of every document of `text`, as `images` finds them in one document, in source order. */
export function yamlImages(text: string, images: (document: Document.Parsed) => Found[]): Found[] {
  return inSourceOrder(parseYamlDocuments(text).flatMap(images));
}
