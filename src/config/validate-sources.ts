import { type ResourceImages, yamlPathProblem } from '../extract/index.js';
import { isObject } from '../is-object.js';
import type { Config } from './types.js';

/** The keys that tell extractors more about sources: `kubernetes.images` and `helm.digest`. */
export const SOURCE_KEYS = ['kubernetes', 'helm'];

/**
 * `kubernetes: { images: [{ apiVersion, kind, paths: [...] }] }` (custom resources to read) and
 * `helm: { digest: field | tag }` (where Helm values get digests), checked into `config`; each problem is named by
 * its key path.
 */
export function validateSources(data: Record<string, unknown>, config: Config, problems: string[]): void {
  if (data.kubernetes !== undefined) {
    const images = kubernetesImages(data.kubernetes, problems);
    if (images) config.kubernetes = { images };
  }
  if (data.helm !== undefined) {
    const { helm } = data;
    if (!isObject(helm) || Object.keys(helm).some((key) => key !== 'digest')) {
      problems.push('helm: must be a mapping with the key digest');
    } else if (helm.digest !== undefined && helm.digest !== 'field' && helm.digest !== 'tag') {
      problems.push('helm.digest: must be field (an existing digest: key, else the tag) or tag');
    } else if (helm.digest !== undefined) {
      config.helm = { digest: helm.digest };
    }
  }
}

function kubernetesImages(value: unknown, problems: string[]): ResourceImages[] | undefined {
  if (!isObject(value) || Object.keys(value).some((key) => key !== 'images') || !Array.isArray(value.images)) {
    problems.push('kubernetes: must be a mapping with the key images, a list of { apiVersion, kind, paths }');
    return undefined;
  }
  const count = problems.length;
  const images = value.images.flatMap((item: unknown, index): ResourceImages[] => {
    const at = `kubernetes.images[${index}]`;
    if (!isObject(item)) {
      problems.push(`${at}: must be a mapping (apiVersion, kind, paths)`);
      return [];
    }
    for (const key of Object.keys(item)) {
      if (!['apiVersion', 'kind', 'paths'].includes(key)) problems.push(`${at}.${key}: unknown key`);
    }
    const { apiVersion, kind, paths } = item;
    if (typeof apiVersion !== 'string' || !/^[a-z0-9.-]+(\/[a-z0-9]+)?$|^v\d\w*$/.test(apiVersion)) {
      problems.push(`${at}.apiVersion: must be group/version (example.com/v1) or a group`);
    }
    if (typeof kind !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind))
      problems.push(`${at}.kind: must be a kind (Runner)`);
    if (!Array.isArray(paths) || paths.length === 0) {
      problems.push(`${at}.paths: must be a non-empty list of paths (spec.runner.image, spec.steps[].image)`);
      return [];
    }
    paths.forEach((path: unknown, number) => {
      const problem = typeof path === 'string' ? yamlPathProblem(path) : 'must be a string';
      if (problem !== undefined) problems.push(`${at}.paths[${number}]: ${problem}`);
    });
    return [{ apiVersion: String(apiVersion), kind: String(kind), paths: paths as string[] }];
  });
  return problems.length === count ? images : undefined;
}
