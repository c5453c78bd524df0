import type { Extractor } from '../types.js';
import { namedImages, yamlImages } from '../yaml/images.js';
import { nodesAt } from '../yaml/paths.js';

/** Where CircleCI runs Docker images: the `docker:` executor of jobs and named executors, also in inline orbs. */
const PLACES = ['jobs.*.docker[].image', 'executors.*.docker[].image'].flatMap((place) => [place, `orbs.*.${place}`]);

/**
 * CircleCI configurations (`.circleci/config.yml`): the `image` of every `docker:` entry of every job and executor,
 * the first being the primary container, the others services. `<< parameters.x >>` makes an image skipped.
 */
export const circleciExtractor: Extractor<'circleci'> = {
  kind: 'circleci',
  matches: (path) => /(?:^|\/)\.circleci\/config\.ya?ml$/.test(path),
  extract(text) {
    return yamlImages(text, (document) =>
      namedImages(
        'circleci',
        document,
        text,
        PLACES.flatMap((place) => nodesAt(document, document.contents, place)),
      ),
    );
  },
};
