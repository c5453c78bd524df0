import { type Document, isScalar } from 'yaml';
import { inSourceOrder } from '../common/found-at.js';
import type { Extractor, Found } from '../types.js';
import { parseYamlDocuments } from '../yaml/documents.js';
import { type YamlNode, elements, entries, field } from '../yaml/nodes.js';
import { scalarImage } from '../yaml/scalars.js';

const WORKFLOW_OR_ACTION = /(?:^|\/)(?:\.github\/workflows\/[^/]+\.ya?ml|action\.ya?ml)$/;

/** How a step (or a Docker action) names an image rather than an action. */
const DOCKER_SCHEME = { prefix: 'docker://' };

/**
 * GitHub Actions workflows (`.github/workflows/*.yml`) and action metadata (`action.yml`): each job's `container`
 * (a string or its `image`), the `image` of each job service, `uses: docker://IMAGE` steps, and a Docker action's
 * `runs.image: docker://IMAGE`. Spans leave `docker://` out. Images using `${{ ... }}` are skipped.
 */
export const githubActionsExtractor: Extractor<'github-actions'> = {
  kind: 'github-actions',
  matches: (path) => WORKFLOW_OR_ACTION.test(path),
  extract(text) {
    return inSourceOrder(parseYamlDocuments(text).flatMap((document) => images(document, text)));
  },
};

function images(document: Document.Parsed, text: string): Found[] {
  const jobs = entries(document, field(document, document.contents, 'jobs')).map(([, job]) => job);
  const runs = field(document, document.contents, 'runs');
  const named = jobs.flatMap((job) => [
    containerImage(document, field(document, job, 'container')),
    ...entries(document, field(document, job, 'services')).map(([, service]) => field(document, service, 'image')),
  ]);
  const steps = [...jobs, runs].flatMap((owner) => elements(document, field(document, owner, 'steps')));
  const dockerUses = [field(document, runs, 'image'), ...steps.map((step) => field(document, step, 'uses'))];
  return [
    ...named.map((node) => scalarImage('github-actions', text, node)),
    ...dockerUses.map((node) => scalarImage('github-actions', text, node, DOCKER_SCHEME)),
  ].filter((found) => found !== undefined);
}

/** A job's `container:` is the image itself, or a mapping with an `image:`. */
function containerImage(document: Document.Parsed, container: YamlNode | undefined): YamlNode | undefined {
  return isScalar(container) ? container : field(document, container, 'image');
}
