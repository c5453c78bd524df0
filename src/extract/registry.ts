/**
 * The one list of sources basepin reads. Adding a source is its file in `sources/`, one line here and its name in the
 * `Kind` union of types.ts (the compiler says when the two disagree): the extractor chosen for a file and the public
 * `extractors` list come from this list.
 */
import { ansibleExtractor } from './sources/ansible.js';
import { azurePipelinesExtractor } from './sources/azure-pipelines.js';
import { bakeExtractor } from './sources/bake.js';
import { bitbucketPipelinesExtractor } from './sources/bitbucket-pipelines.js';
import { buildkiteExtractor } from './sources/buildkite.js';
import { circleciExtractor } from './sources/circleci.js';
import { cloudbuildExtractor } from './sources/cloudbuild.js';
import { composeExtractor } from './sources/compose.js';
import { devcontainerExtractor } from './sources/devcontainer.js';
import { dockerfileExtractor } from './sources/dockerfile.js';
import { githubActionsExtractor } from './sources/github-actions.js';
import { gitlabCiExtractor } from './sources/gitlab-ci.js';
import { helmValuesExtractor } from './sources/helm-values.js';
import { kubernetesExtractor } from './sources/kubernetes.js';
import { kustomizeExtractor } from './sources/kustomize.js';
import { nomadExtractor } from './sources/nomad.js';
import { droneExtractor, woodpeckerExtractor } from './sources/pipeline-steps.js';
import { quadletExtractor } from './sources/quadlet.js';
import { terraformExtractor } from './sources/terraform.js';
import type { Kind } from './types.js';

/** Every source, most specific first: a file is read by the first one whose name rule matches it. */
export const SOURCES = [
  dockerfileExtractor,
  composeExtractor,
  kustomizeExtractor,
  githubActionsExtractor,
  gitlabCiExtractor,
  devcontainerExtractor,
  bakeExtractor,
  circleciExtractor,
  bitbucketPipelinesExtractor,
  azurePipelinesExtractor,
  droneExtractor,
  woodpeckerExtractor,
  cloudbuildExtractor,
  buildkiteExtractor,
  quadletExtractor,
  nomadExtractor,
  terraformExtractor,
  ansibleExtractor,
  helmValuesExtractor, // values*.yaml beside a Chart.yaml
  kubernetesExtractor, // any other .yaml/.yml: last
] as const;

/** The kinds the list above names. */
type Listed = (typeof SOURCES)[number]['kind'];

/** Compile-time check: the list names every `Kind` (types.ts) and no other; a source added to one only fails here. */
const everyKindListed: [Listed] extends [Kind] ? ([Kind] extends [Listed] ? true : never) : never = true;
void everyKindListed;
