import { type Document, isScalar } from 'yaml';
import { argoKustomizeImages } from './argocd-images.js';
import { composeExtractor } from './compose.js';
import { inSourceOrder } from '../common/found-at.js';
import { ociRepositoryImage } from './flux-oci.js';
import { githubActionsExtractor } from './github-actions.js';
import { gitlabCiExtractor } from './gitlab-ci.js';
import { valuesImages } from './helm-values.js';
import { kustomizeExtractor } from './kustomize.js';
import { ExtractError } from '../errors.js';
import type { Extractor, Found, ResourceImages } from '../types.js';
import { parseYamlDocuments } from '../yaml/documents.js';
import { type YamlNode, elements, field } from '../yaml/nodes.js';
import { type YamlPath, nodesAt } from '../yaml/paths.js';
import { scalarImage } from '../yaml/scalars.js';

/**
 * Where a kind keeps its images: pod specs (see POD_SPEC_IMAGES), image strings of its own, Helm values, and images
 * written in a form of their own, each read by a function of the resource (`readers`).
 */
interface Places {
  pods?: readonly YamlPath[];
  images?: readonly YamlPath[];
  values?: readonly YamlPath[];
  readers?: readonly ((document: Document.Parsed, text: string, resource: unknown) => Found[])[];
}

/** The images of a pod spec: its containers of every sort, and its image volumes (Kubernetes 1.31+). */
const POD_SPEC_IMAGES = [
  ...['containers', 'initContainers', 'ephemeralContainers'].map((list) => `${list}[].image`),
  'volumes[].image.reference',
];

/** The built-in workloads, by kind whatever their apiVersion (`apps/v1`, `extensions/v1beta1`, ...). */
const WORKLOADS = new Map<unknown, Places>([
  ['Pod', { pods: ['spec'] }],
  ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job'].map(
    (kind): [string, Places] => [kind, { pods: ['spec.template.spec'] }],
  ),
  ['CronJob', { pods: ['spec.jobTemplate.spec.template.spec'] }],
  ['PodTemplate', { pods: ['template.spec'] }],
]);

/** An Argo Workflows template runs a container, a script, a container set, and init and sidecar containers. */
const argoTemplates = (spec: string) =>
  [
    'container.image',
    'script.image',
    'containerSet.containers[].image',
    'initContainers[].image',
    'sidecars[].image',
  ].map((place) => `${spec}.templates[].${place}`);

/** A Tekton task spec runs steps and sidecars; its step template may name the steps' image. */
const tektonTaskSpec = (spec: string) =>
  ['steps[].image', 'sidecars[].image', 'stepTemplate.image'].map((place) => `${spec}.${place}`);
const tektonPipelineSpec = (spec: string) =>
  ['tasks', 'finally'].flatMap((list) => tektonTaskSpec(`${spec}.${list}[].taskSpec`));

/**
 * Custom resources whose schema is known, by `group/kind`: their pod templates and image fields. An `image:` of any
 * other custom resource is no reference (the configuration's `kubernetes.images` can name more).
 */
const CUSTOM_RESOURCES = new Map<string, Places>([
  // Argo Rollouts
  ['argoproj.io/Rollout', { pods: ['spec.template.spec'] }],
  ['argoproj.io/Experiment', { pods: ['spec.templates[].template.spec'] }],
  ['argoproj.io/AnalysisTemplate', { pods: ['spec.metrics[].provider.job.spec.template.spec'] }],
  ['argoproj.io/ClusterAnalysisTemplate', { pods: ['spec.metrics[].provider.job.spec.template.spec'] }],
  // Argo Workflows
  ['argoproj.io/Workflow', { images: argoTemplates('spec') }],
  ['argoproj.io/WorkflowTemplate', { images: argoTemplates('spec') }],
  ['argoproj.io/ClusterWorkflowTemplate', { images: argoTemplates('spec') }],
  ['argoproj.io/CronWorkflow', { images: argoTemplates('spec.workflowSpec') }],
  // Knative
  ['serving.knative.dev/Service', { pods: ['spec.template.spec'] }],
  ['serving.knative.dev/Configuration', { pods: ['spec.template.spec'] }],
  ['serving.knative.dev/Revision', { pods: ['spec'] }],
  ['sources.knative.dev/ContainerSource', { pods: ['spec.template.spec'] }],
  // Tekton
  ['tekton.dev/Task', { images: tektonTaskSpec('spec') }],
  ['tekton.dev/ClusterTask', { images: tektonTaskSpec('spec') }],
  ['tekton.dev/TaskRun', { images: tektonTaskSpec('spec.taskSpec') }],
  ['tekton.dev/Pipeline', { images: tektonPipelineSpec('spec') }],
  ['tekton.dev/PipelineRun', { images: tektonPipelineSpec('spec.pipelineSpec') }],
  ['tekton.dev/StepAction', { images: ['spec.image'] }],
  // Argo CD: kustomize image overrides (`[name=]newName[:newTag][@digest]` strings)
  ['argoproj.io/Application', { readers: [argoKustomizeImages('spec')] }],
  ['argoproj.io/ApplicationSet', { readers: [argoKustomizeImages('spec.template.spec')] }],
  // Flux: a HelmRelease's values are the chart's values (read like a values.yaml); an OCIRepository's url and ref
  ['helm.toolkit.fluxcd.io/HelmRelease', { values: ['spec.values'] }],
  ['source.toolkit.fluxcd.io/OCIRepository', { readers: [ociRepositoryImage] }],
  // KEDA, OpenShift
  ['keda.sh/ScaledJob', { pods: ['spec.jobTargetRef.template.spec'] }],
  ['apps.openshift.io/DeploymentConfig', { pods: ['spec.template.spec'] }],
  // Crossplane packages are OCI images
  ...['Provider', 'Configuration', 'Function'].map((kind): [string, Places] => [
    `pkg.crossplane.io/${kind}`,
    { images: ['spec.package'] },
  ]),
  ['pkg.crossplane.io/DeploymentRuntimeConfig', { pods: ['spec.deploymentTemplate.spec.template.spec'] }],
]);

/** YAML files the other extractors claim by name. */
const CLAIMED_ELSEWHERE = [composeExtractor, kustomizeExtractor, githubActionsExtractor, gitlabCiExtractor];

/**
 * Kubernetes manifests, in every document of the file, also inside a `kind: List`: the `image` of every container,
 * init container and ephemeral container and the `reference` of every image volume of each workload's pod spec
 * (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate), and the
 * images of the custom resources in CUSTOM_RESOURCES and in `context.kubernetesImages`. An `image:` key anywhere
 * else is no reference.
 *
 * Any `.yaml` file may be a manifest, so a file that does not parse is an error only when it looks like one;
 * others, Helm templates (`{{ ... }}` is not YAML) among them, have no references.
 */
export const kubernetesExtractor: Extractor<'kubernetes'> = {
  kind: 'kubernetes',
  matches: (path, context) =>
    /\.ya?ml$/.test(path) && !CLAIMED_ELSEWHERE.some((extractor) => extractor.matches(path, context)),
  extract(text, _path, context = {}) {
    const extra = context.kubernetesImages ?? [];
    const found = manifestDocuments(text).flatMap((document) =>
      resourcePlaces(document, document.contents, extra).flatMap(({ resource, places }) => [
        ...placeImages(document, resource, places).flatMap((image) => scalarImage('kubernetes', text, image) ?? []),
        ...(places.values ?? []).flatMap((values) =>
          nodesAt(document, resource, values).flatMap((node) =>
            valuesImages('kubernetes', document, text, node, context),
          ),
        ),
        ...(places.readers ?? []).flatMap((read) => read(document, text, resource)),
      ]),
    );
    return inSourceOrder(found);
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
 * Each resource of a document (the items of a List too) with the places of its images. A List reached again through
 * an alias is read once (`seen`): aliases of aliases could otherwise make the walk exponential, or endless.
 */
function resourcePlaces(
  document: Document.Parsed,
  resource: unknown,
  extra: readonly ResourceImages[],
  seen = new Set<unknown>(),
): { resource: unknown; places: Places }[] {
  const kind = field(document, resource, 'kind');
  const apiVersion = field(document, resource, 'apiVersion');
  if (!isScalar(kind) || !isScalar(apiVersion)) return [];
  if (kind.value === 'List') {
    const items = elements(document, field(document, resource, 'items')).filter((item) => !seen.has(item));
    items.forEach((item) => seen.add(item));
    return items.flatMap((item) => resourcePlaces(document, item, extra, seen));
  }
  const group = apiGroup(String(apiVersion.value));
  const known = WORKLOADS.get(kind.value) ?? CUSTOM_RESOURCES.get(`${group}/${String(kind.value)}`);
  const configured = extra
    .filter((custom) => custom.kind === kind.value && apiGroup(custom.apiVersion) === group)
    .map((custom): Places => ({ images: custom.paths }));
  return [...(known ? [known] : []), ...configured].map((places) => ({ resource, places }));
}

/** The image nodes of a resource's pod specs and image fields. */
function placeImages(document: Document.Parsed, resource: unknown, { pods = [], images = [] }: Places): YamlNode[] {
  return [
    ...pods
      .flatMap((pod) => nodesAt(document, resource, pod))
      .flatMap((spec) => POD_SPEC_IMAGES.flatMap((place) => nodesAt(document, spec, place))),
    ...images.flatMap((place) => nodesAt(document, resource, place)),
  ];
}

/**
 * The API group of an apiVersion: `argoproj.io` for `argoproj.io/v1alpha1`, '' for the core group's `v1`. A value
 * without a slash that has a dot is a group written alone (`example.com`, as the configuration may name one).
 */
function apiGroup(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  if (slash !== -1) return apiVersion.slice(0, slash);
  return apiVersion.includes('.') ? apiVersion : '';
}
