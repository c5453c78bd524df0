import { bakeExtractor } from './bake.js';
import { composeExtractor, isCompose } from './compose.js';
import { devcontainerExtractor } from './devcontainer.js';
import { dockerfileExtractor, isDockerfileVariantName } from './dockerfile.js';
import { githubActionsExtractor } from './github-actions.js';
import { gitlabCiExtractor } from './gitlab-ci.js';
import { kubernetesExtractor } from './kubernetes.js';
import { kustomizeExtractor } from './kustomize.js';
import type { Extractor } from './types.js';

export type { Extractor, Found, Kind } from './types.js';
export { ExtractError } from './types.js';

/** Every extractor, most specific first: a file is read by the first one whose name rule matches it. */
export const extractors: readonly Extractor[] = [
  dockerfileExtractor,
  composeExtractor,
  kustomizeExtractor,
  githubActionsExtractor,
  gitlabCiExtractor,
  devcontainerExtractor,
  bakeExtractor,
  kubernetesExtractor, // any other .yaml/.yml: last
];

/** The extractor for a file, by its path (forward slashes, relative to the working directory). */
export function extractorFor(file: string): Extractor | undefined {
  return extractors.find((extractor) => extractor.matches(file));
}

/**
 * The extractor for a file's text. A file named explicitly `dockerfile.NAME` (any case) is a Dockerfile. A YAML file that the user named explicitly and that is not a Kubernetes manifest
 * is read as Compose when it has a top-level `services:` map, else as GitLab CI (an included CI file, say).
 */
export function extractorForText(file: string, text: string, explicit: boolean): Extractor | undefined {
  const byName = extractorFor(file);
  if (explicit && byName === undefined && isDockerfileVariantName(file)) return dockerfileExtractor;
  const yaml = /\.ya?ml$/i.test(file);
  if (!explicit || !yaml || (byName !== undefined && byName !== kubernetesExtractor)) return byName;
  if (isCompose(text)) return composeExtractor;
  if (kubernetesExtractor.extract(text, file).length > 0) return kubernetesExtractor;
  return gitlabCiExtractor;
}
