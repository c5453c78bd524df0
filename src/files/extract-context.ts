import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/index.js';
import type { ExtractContext } from '../extract/index.js';

/**
 * What extractors are told about one file beyond its name and text: the configuration's source settings, and for a
 * YAML file whether a `Chart.yaml` sits beside it (so that `values.yaml` there is a Helm chart's values).
 */
export function extractContext(config: Config, absolute: string): ExtractContext {
  return {
    ...(/\.ya?ml$/i.test(absolute) ? { inChart: existsSync(path.join(path.dirname(absolute), 'Chart.yaml')) } : {}),
    ...(config.kubernetes ? { kubernetesImages: config.kubernetes.images } : {}),
    ...(config.helm ? { helmDigest: config.helm.digest } : {}),
  };
}
