import { type Document, isMap, isSeq } from 'yaml';
import type { Extractor } from '../types.js';
import { namedImages, yamlImages } from '../yaml/images.js';
import { type YamlNode, elements, entries, field } from '../yaml/nodes.js';
import { nodesAt } from '../yaml/paths.js';

/**
 * Bitbucket Pipelines (`bitbucket-pipelines.yml`): the default `image`, each `definitions.services.*.image`, and the
 * `image` of every `step` under `pipelines` and `definitions` (inside `parallel` and `stage` groups too). An image is a
 * string or a mapping with its `name` (and credentials, which basepin leaves alone).
 */
export const bitbucketPipelinesExtractor: Extractor<'bitbucket-pipelines'> = {
  kind: 'bitbucket-pipelines',
  matches: (path) => /(?:^|\/)bitbucket-pipelines\.ya?ml$/.test(path),
  extract(text) {
    return yamlImages(text, (document) => {
      const root = document.contents;
      const steps = [field(document, root, 'pipelines'), field(document, root, 'definitions')].flatMap((node) =>
        stepsIn(document, node, new Set()),
      );
      const images = [
        field(document, root, 'image'),
        ...nodesAt(document, root, 'definitions.services.*.image'),
        ...steps.map((step) => field(document, step, 'image')),
      ];
      return namedImages(
        'bitbucket-pipelines',
        document,
        text,
        images.filter((node) => node !== undefined),
      );
    });
  },
};

/** Every mapping written as the value of a `step:` key below `node`. */
function stepsIn(document: Document.Parsed, node: YamlNode | undefined, seen: Set<YamlNode>): YamlNode[] {
  if (node === undefined || seen.has(node)) return [];
  seen.add(node);
  if (isSeq(node)) return elements(document, node).flatMap((item) => stepsIn(document, item, seen));
  if (!isMap(node)) return [];
  return entries(document, node).flatMap(([key, value]) =>
    key === 'step' && isMap(value) ? [value] : stepsIn(document, value, seen),
  );
}
