import type { Document } from 'yaml';
import { type YamlNode, elements, entries, field } from './nodes.js';

/**
 * Where images sit in a YAML document, written as a path: keys separated by dots, `[]` after a key for each item of
 * its sequence, `*` for each value of a mapping. `spec.steps[].image` is the `image` of every step;
 * `jobs.*.docker[].image` the `image` of each `docker` entry of every job.
 */
export type YamlPath = string;

/** One step of a path: a key, each item of a sequence, or each value of a mapping. */
type Step = { key: string } | { each: 'item' | 'value' };

const KEY = /^[A-Za-z0-9_$-]+$/;

/** Why `path` is not a YamlPath, or undefined when it is one. */
export function yamlPathProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  for (const part of path.split('.')) {
    const key = part.replace(/(?:\[\])+$/, '');
    if (key !== '*' && !KEY.test(key))
      return `"${part}" is not a key (letters, digits, _ - $), "*", or either with "[]"`;
  }
  return undefined;
}

function steps(path: YamlPath): Step[] {
  return path.split('.').flatMap((part) => {
    const key = part.replace(/(?:\[\])+$/, '');
    const items = (part.length - key.length) / 2;
    const first: Step = key === '*' ? { each: 'value' } : { key };
    return [first, ...Array.from({ length: items }, (): Step => ({ each: 'item' }))];
  });
}

/** Every node at `path` below `node` (aliases and merge keys followed); none where the document has no such place. */
export function nodesAt(document: Document.Parsed, node: unknown, path: YamlPath): YamlNode[] {
  let current: unknown[] = [node];
  for (const step of steps(path)) {
    current = current.flatMap((one): unknown[] => {
      if ('key' in step) {
        const value = field(document, one, step.key);
        return value === undefined ? [] : [value];
      }
      if (step.each === 'item') return elements(document, one);
      return entries(document, one).flatMap(([, value]) => value ?? []);
    });
  }
  return current as YamlNode[];
}
