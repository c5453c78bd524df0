/**
 * The names of the named build contexts a repository defines. BuildKit lets a build replace an image or a stage with
 * a named context (`docker buildx build --build-context NAME=PATH|docker-image://...|target:...`), and the Dockerfile
 * then uses NAME in `FROM NAME` or `COPY --from=NAME`: NAME is not an image, and pinning it
 * (`--from=NAME:latest@sha256:...`) would break the build. Contexts are defined in:
 * - Bake files: the keys of each target's `contexts`;
 * - Compose files: the keys of `services.*.build.additional_contexts` (a map, or a list of `NAME=VALUE`);
 * - GitHub Actions (`docker/build-push-action`): the `NAME=VALUE` lines of a `build-contexts` input;
 * - any file basepin reads (CI files, Makefiles and shell scripts): `--build-context NAME=VALUE`.
 * Pure: reads text only. A file that cannot be parsed gives the names its `--build-context` flags name.
 */

import { isMap, isScalar, isSeq } from 'yaml';
import { hclTargetContextKeys } from './bake-hcl.js';
import { jsonAt, jsonMembers, parseJsonc } from './json-documents.js';
import type { Kind } from './types.js';
import { parseYamlDocuments } from './yaml-documents.js';

/** `--build-context NAME=...`, `--build-context=NAME=...`, quoted or not. */
const FLAG = /--build-context(?:=|\s+)["']?([^\s"'=]+)=/g;

/** The context names a file of `kind` (path `file`) defines, lower-cased (BuildKit's names are lower case). */
export function buildContextNames(kind: Kind, file: string, text: string): string[] {
  const names = flagContextNames(text);
  try {
    if (kind === 'bake') names.push(...(file.endsWith('.json') ? jsonContextKeys(text) : hclTargetContextKeys(text)));
    else if (/\.ya?ml$/i.test(file) && /additional_contexts|build-contexts/.test(text)) names.push(...yamlContextNames(text));
  } catch {
    // The extractor reports the file; its flags were read above.
  }
  return [...new Set(names.map((name) => name.toLowerCase()))];
}

/** The names of the `--build-context NAME=...` flags in any text (a script, a CI step), lower-cased. */
export function flagContextNames(text: string): string[] {
  return [...text.matchAll(FLAG)].map((match) => match[1]!.toLowerCase());
}

function jsonContextKeys(text: string): string[] {
  return jsonMembers(jsonAt(parseJsonc(text), ['target'])).flatMap(([, target]) =>
    jsonMembers(jsonAt(target, ['contexts'])).map(([key]) => key),
  );
}

/** Compose's `additional_contexts` and the action's `build-contexts`, wherever they are in the documents. */
function yamlContextNames(text: string): string[] {
  const names: string[] = [];
  const pending: unknown[] = parseYamlDocuments(text).map((document) => document.contents);
  const seen = new Set<unknown>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (seen.has(node)) continue;
    seen.add(node);
    if (isSeq(node)) pending.push(...node.items);
    if (!isMap(node)) continue;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (key === 'additional_contexts') names.push(...additionalContexts(pair.value));
      else if (key === 'build-contexts' && isScalar(pair.value)) names.push(...assignments(String(pair.value.value)));
      else pending.push(pair.value);
    }
  }
  return names;
}

/** `{ NAME: PATH }` or `[NAME=PATH]`. */
function additionalContexts(value: unknown): string[] {
  if (isMap(value)) return value.items.flatMap((pair) => (isScalar(pair.key) ? [String(pair.key.value)] : []));
  if (isSeq(value)) return value.items.flatMap((item) => (isScalar(item) ? assignments(String(item.value)) : []));
  return [];
}

/** The NAMEs of `NAME=VALUE` lines (or comma-separated items). */
function assignments(text: string): string[] {
  return text.split(/[\n,]/).flatMap((line) => {
    const match = /^\s*([^\s=]+)=/.exec(line);
    return match ? [match[1]!] : [];
  });
}
