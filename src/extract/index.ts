import { composeExtractor, isCompose } from './sources/compose.js';
import { dockerfileExtractor, isDockerfileVariantName } from './sources/dockerfile.js';
import { gitlabCiExtractor } from './sources/gitlab-ci.js';
import { kubernetesExtractor } from './sources/kubernetes.js';
import { SOURCES } from './registry.js';
import type { ExtractContext, Extractor } from './types.js';

export type { ExtractContext, Extractor, Found, Kind, ResourceImages } from './types.js';
export { buildContexts, type ContextDefinition, flagContextNames } from './build-contexts.js';
export { ignoredByComment } from './common/ignore-comment.js';
export { firstImageMention } from './common/image-mentions.js';
export { gitlabLocalIncludes } from './sources/gitlab-ci.js';
export { parseYamlDocuments } from './yaml/documents.js';
export { yamlPathProblem } from './yaml/paths.js';
export { ExtractError } from './errors.js';

/** Every extractor, in the order the registry tries them (registry.ts). */
export const extractors: readonly Extractor[] = SOURCES;

/** The extractor for a file, by its path (forward slashes, relative to the working directory) and what else is known. */
export function extractorFor(file: string, context?: ExtractContext): Extractor | undefined {
  return extractors.find((extractor) => extractor.matches(file, context));
}

/**
 * The extractor for a file's text. A file named explicitly `dockerfile.NAME` (any case) is a Dockerfile. A YAML file
 * that the user named explicitly and that is not a Kubernetes manifest is read as Compose when it has a top-level
 * `services:` map, else as GitLab CI (an included CI file, say).
 */
export function extractorForText(
  file: string,
  text: string,
  explicit: boolean,
  context: ExtractContext = {},
): Extractor | undefined {
  const chosen = chooseByText(file, text, explicit, context);
  return chosen && withContext(chosen, context);
}

function chooseByText(file: string, text: string, explicit: boolean, context: ExtractContext): Extractor | undefined {
  const byName = extractorFor(file, context);
  if (explicit && byName === undefined && isDockerfileVariantName(file)) return dockerfileExtractor;
  const yaml = /\.ya?ml$/i.test(file);
  if (!explicit || !yaml || (byName !== undefined && byName !== kubernetesExtractor)) return byName;
  if (isCompose(text)) return composeExtractor;
  if (kubernetesExtractor.extract(text, file, context).length > 0) return kubernetesExtractor;
  return gitlabCiExtractor;
}

/** `extractor` reading every text with `context` (so that the check after a rewrite reads as the scan did). */
function withContext(extractor: Extractor, context: ExtractContext): Extractor {
  return {
    kind: extractor.kind,
    matches: (path) => extractor.matches(path, context),
    extract: (text, path) => extractor.extract(text, path, context),
  };
}
