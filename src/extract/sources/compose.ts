import { type Document, type Scalar, isMap, isScalar } from 'yaml';
import { inSourceOrder } from '../common/found-at.js';
import type { Extractor, Found } from '../types.js';
import { parseYamlDocuments } from '../yaml/documents.js';
import { entries, field } from '../yaml/nodes.js';
import { scalarImage } from '../yaml/scalars.js';

/** `compose.yaml`, `compose.override.yml`, `docker-compose.yml`, `docker-compose.prod.yaml`, ... */
const COMPOSE_NAME = /(?:^|\/)(?:docker-compose[^/]*|compose(?:\.[^/]+)?)\.ya?ml$/;

/**
 * Compose files: every `services.*.image`. A service that also has `build:` names the image it builds there,
 * so that image is reported as skipped ("built locally"). Services that share an image through a YAML anchor
 * or a `<<` merge key report it once, at the anchor.
 */
export const composeExtractor: Extractor<'compose'> = {
  kind: 'compose',
  matches: (path) => COMPOSE_NAME.test(path),
  extract(text) {
    return inSourceOrder(parseYamlDocuments(text).flatMap((document) => serviceImages(document, text)));
  },
};

/** Whether `text` is a Compose file whatever its name: YAML with a top-level `services:` mapping. */
export function isCompose(text: string): boolean {
  try {
    return parseYamlDocuments(text).some((document) => isMap(services(document)));
  } catch {
    return false;
  }
}

function services(document: Document.Parsed) {
  return field(document, document.contents, 'services');
}

function serviceImages(document: Document.Parsed, text: string): Found[] {
  /** Each image scalar, and whether some service builds it. */
  const images = new Map<Scalar, boolean>();
  for (const [, service] of entries(document, services(document))) {
    const image = field(document, service, 'image');
    if (!isScalar(image)) continue;
    const built = field(document, service, 'build') !== undefined;
    images.set(image, (images.get(image) ?? false) || built);
  }
  return [...images].flatMap(
    ([image, built]) => scalarImage('compose', text, image, built ? { skip: 'built locally' } : {}) ?? [],
  );
}
