import { type Document, isMap, isSeq } from 'yaml';
import type { Extractor, Kind } from '../types.js';
import { namedImages, yamlImages } from '../yaml/images.js';
import { elements, entries, field } from '../yaml/nodes.js';

/** The keys of a Drone or Woodpecker pipeline that hold containers: a list of them, or a mapping of name to one. */
const CONTAINER_KEYS = ['steps', 'pipeline', 'services', 'clone'];

/**
 * Drone and Woodpecker pipelines, in every document: the `image` of each container under `steps`, `services` and
 * `clone`, and under `pipeline` (their older syntax), written as a list or as a mapping of names to containers.
 */
function pipelineStepsExtractor<K extends Kind>(kind: K, name: RegExp): Extractor<K> {
  return {
    kind,
    matches: (path) => name.test(path),
    extract(text) {
      return yamlImages(text, (document: Document.Parsed) => {
        const containers = CONTAINER_KEYS.flatMap((key) => {
          const node = field(document, document.contents, key);
          if (isSeq(node)) return elements(document, node);
          return isMap(node) ? entries(document, node).flatMap(([, value]) => value ?? []) : [];
        });
        const images = containers.flatMap((container) => field(document, container, 'image') ?? []);
        return namedImages(
          kind,
          document,
          text,
          images.filter((image) => !isMap(image)),
        );
      });
    },
  };
}

/** Drone (`.drone.yml`). */
export const droneExtractor: Extractor<'drone'> = pipelineStepsExtractor('drone', /(?:^|\/)\.drone\.ya?ml$/);

/** Woodpecker (`.woodpecker.yml`, or each file of `.woodpecker/`). */
export const woodpeckerExtractor: Extractor<'woodpecker'> = pipelineStepsExtractor(
  'woodpecker',
  /(?:^|\/)\.woodpecker(?:\.ya?ml|\/[^/]+\.ya?ml)$/,
);
