import { type Document, isScalar } from 'yaml';
import { composeExtractor } from './compose.js';
import { inSourceOrder } from './found-at.js';
import { githubActionsExtractor } from './github-actions.js';
import { gitlabCiExtractor } from './gitlab-ci.js';
import { kustomizeExtractor } from './kustomize.js';
import { ExtractError, type Extractor } from './types.js';
import { parseYamlDocuments } from './yaml-documents.js';
import { type YamlNode, elements, field } from './yaml-nodes.js';
import { scalarImage } from './yaml-scalars.js';

/** Where each workload kind keeps its pod spec. */
const POD_SPEC = new Map<unknown, readonly string[]>([
  ['Pod', ['spec']],
  ['Deployment', ['spec', 'template', 'spec']],
  ['StatefulSet', ['spec', 'template', 'spec']],
  ['DaemonSet', ['spec', 'template', 'spec']],
  ['ReplicaSet', ['spec', 'template', 'spec']],
  ['ReplicationController', ['spec', 'template', 'spec']],
  ['Job', ['spec', 'template', 'spec']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
  ['PodTemplate', ['template', 'spec']],
]);

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

/** YAML files the other extractors claim by name. */
const CLAIMED_ELSEWHERE = [composeExtractor, kustomizeExtractor, githubActionsExtractor, gitlabCiExtractor];

/**
 * Kubernetes manifests: the `image` of every container, init container and ephemeral container of each workload
 * (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate), also
 * inside a `kind: List`, in every document of the file. An `image:` key anywhere else is no reference.
 *
 * Any `.yaml` file may be a manifest, so a file that does not parse is an error only when it looks like one;
 * others, Helm templates (`{{ ... }}` is not YAML) among them, have no references.
 */
export const kubernetesExtractor: Extractor = {
  kind: 'kubernetes',
  matches: (path) => /\.ya?ml$/.test(path) && !CLAIMED_ELSEWHERE.some((extractor) => extractor.matches(path)),
  extract(text) {
    const images = manifestDocuments(text).flatMap((document) => containerImages(document, document.contents));
    return inSourceOrder(images.flatMap((image) => scalarImage('kubernetes', text, image) ?? []));
  },
};

/**
 * The documents of `text`; none when it does not parse and is a Helm template or does not look like a manifest.
 * @throws ExtractError when a file with top-level `apiVersion:` and `kind:` keys does not parse.
 */
function manifestDocuments(text: string): Document.Parsed[] {
  try {
    return parseYamlDocuments(text);
  } catch (error) {
    const looksLikeManifest = /^\uFEFF?apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text);
    if (error instanceof ExtractError && (text.includes('{{') || !looksLikeManifest)) return [];
    throw error;
  }
}

/**
 * The image nodes of the containers of one resource (or of each resource in a List). A List reached again through an
 * alias is read once (`seen`): aliases of aliases could otherwise make the walk exponential, or endless.
 */
function containerImages(document: Document.Parsed, resource: unknown, seen = new Set<YamlNode>()): YamlNode[] {
  const kind = field(document, resource, 'kind');
  if (!isScalar(kind) || field(document, resource, 'apiVersion') === undefined) return [];
  if (kind.value === 'List') {
    const items = elements(document, field(document, resource, 'items')).filter((item) => !seen.has(item));
    items.forEach((item) => seen.add(item));
    return items.flatMap((item) => containerImages(document, item, seen));
  }
  const path = POD_SPEC.get(kind.value);
  if (!path) return [];
  const spec = path.reduce((node, key) => field(document, node, key), resource);
  return CONTAINER_LISTS.flatMap((list) =>
    elements(document, field(document, spec, list)).flatMap((container) => field(document, container, 'image') ?? []),
  );
}
