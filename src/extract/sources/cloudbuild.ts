import type { Extractor } from '../types.js';
import { namedImages, yamlImages } from '../yaml/images.js';
import { nodesAt } from '../yaml/paths.js';

/**
 * Google Cloud Build configurations (`cloudbuild.yaml`, `cloudbuild.json`, `cloudbuild-prod.yaml`, ...): the `name` of
 * every step, the image the step runs. `$PROJECT_ID` and the other substitutions make an image skipped.
 */
export const cloudbuildExtractor: Extractor<'cloudbuild'> = {
  kind: 'cloudbuild',
  matches: (path) => /(?:^|\/)cloudbuild(?:[.-][^/]*)?\.(?:ya?ml|json)$/.test(path),
  extract(text) {
    return yamlImages(text, (document) =>
      namedImages('cloudbuild', document, text, nodesAt(document, document.contents, 'steps[].name')),
    );
  },
};
