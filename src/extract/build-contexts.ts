/**
 * The names of the named build contexts a repository defines. BuildKit lets a build replace an image or a stage with
 * a named context (`docker buildx build --build-context NAME=PATH|docker-image://...|target:...`), and the Dockerfile
 * then uses NAME in `FROM NAME` or `COPY --from=NAME`: NAME is not an image, and pinning it
 * (`--from=NAME:latest@sha256:...`) would break the build. Contexts are defined in:
 * - Bake files: the keys of each target's `contexts`, for that target's Dockerfile;
 * - Compose files: the keys of `services.*.build.additional_contexts` (a map, or a list of `NAME=VALUE`), for that
 *   service's Dockerfile;
 * - GitHub Actions (`docker/build-push-action`): the `NAME=VALUE` lines of a `build-contexts` input;
 * - any file basepin reads (CI files, Makefiles and shell scripts): `--build-context NAME=VALUE`.
 * A Bake override of an image (`contexts = { alpine = "docker-image://alpine:3.19" }`) is common: scoping such names to
 * the Dockerfile that sees them keeps the other Dockerfiles' `FROM alpine` pinned. Pure: reads text only.
 */

import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { hclTargets, type BakeTarget } from './hcl/reader.js';
import { jsonAt, jsonMembers, parseJsonc, type JsonNode } from './json/documents.js';
import type { Kind } from './types.js';
import { parseYamlDocuments } from './yaml/documents.js';
import { entries, field } from './yaml/nodes.js';

/** Some context names, and the Dockerfile they are for when the defining file says which. */
export interface ContextDefinition {
  /** Lower-cased (BuildKit's context names are lower case). */
  names: string[];
  /**
   * The Dockerfile that sees these names, relative to the defining file's directory (`context/dockerfile`, not
   * normalized); undefined when the file does not say or basepin cannot tell: then every Dockerfile does.
   */
  dockerfile?: string;
}

/** `--build-context NAME=...`, `--build-context=NAME=...`, quoted or not. */
const FLAG = /--build-context(?:=|\s+)["']?([^\s"'=]+)=/g;

/** The contexts a file of `kind` (path `file`) defines. A file that cannot be parsed gives its flags' names only. */
export function buildContexts(kind: Kind, file: string, text: string): ContextDefinition[] {
  const definitions: ContextDefinition[] = [{ names: flagContextNames(text) }];
  try {
    if (kind === 'bake')
      definitions.push(...bakeContexts(file.endsWith('.json') ? jsonTargets(text) : hclTargets(text)));
    else if (/\.ya?ml$/i.test(file) && /additional_contexts|build-contexts/.test(text))
      definitions.push(...yamlContexts(text));
  } catch {
    // The extractor reports the file; its flags were read above.
  }
  return definitions
    .map(({ names, dockerfile }) => ({ names: [...new Set(names.map((name) => name.toLowerCase()))], dockerfile }))
    .filter((definition) => definition.names.length > 0);
}

/** The names of the `--build-context NAME=...` flags in any text (a script, a CI step), lower-cased. */
export function flagContextNames(text: string): string[] {
  return [...text.matchAll(FLAG)].map((match) => match[1]!.toLowerCase());
}

/**
 * Each target's contexts (its own and those it inherits, as Bake merges them) for its Dockerfile: `dockerfile`
 * (default `Dockerfile`) inside `context` (default `.`), inherited when not set. Anything not a literal (a variable,
 * an unknown parent) makes the scope unknown.
 */
function bakeContexts(targets: readonly BakeTarget[]): ContextDefinition[] {
  const byName = new Map(targets.map((target) => [target.name, target]));
  const resolve = (
    target: BakeTarget,
    depth: number,
  ): { names: string[]; context?: string | null; dockerfile?: string | null } => {
    let context = target.context;
    let dockerfile = target.dockerfile;
    const names = [...target.contexts];
    const parents = target.inherits;
    if (parents === null || depth > 16) return { names, context: null };
    for (const parentName of parents) {
      const parent = byName.get(parentName);
      if (parent === undefined) return { names, context: null };
      const inherited = resolve(parent, depth + 1);
      names.push(...inherited.names);
      if (context === undefined) context = inherited.context;
      if (dockerfile === undefined) dockerfile = inherited.dockerfile;
    }
    return { names, context, dockerfile };
  };
  return targets.map((target) => {
    const { names, context, dockerfile } = resolve(target, 0);
    if (context === null || dockerfile === null || dockerfile?.startsWith('/') || context?.includes('://'))
      return { names };
    return { names, dockerfile: `${context ?? '.'}/${dockerfile ?? 'Dockerfile'}` };
  });
}

function jsonTargets(text: string): BakeTarget[] {
  return jsonMembers(jsonAt(parseJsonc(text), ['target'])).map(([name, target]) => {
    const literal = (key: string) => {
      const node = jsonAt(target, [key]);
      return node === undefined ? undefined : jsonString(node);
    };
    const inherits = jsonAt(target, ['inherits']);
    const parents =
      inherits === undefined ? [] : inherits.type === 'array' ? (inherits.children ?? []).map(jsonString) : [null];
    return {
      name,
      context: literal('context'),
      dockerfile: literal('dockerfile'),
      inherits: parents.every((parent) => typeof parent === 'string') ? (parents as string[]) : null,
      contexts: jsonMembers(jsonAt(target, ['contexts'])).map(([key]) => key),
    };
  });
}

function jsonString(node: JsonNode): string | null {
  return node.type === 'string' && !String(node.value).includes('${') ? String(node.value) : null;
}

/** Compose services' `build.additional_contexts`, for their Dockerfile; the action's `build-contexts`, anywhere. */
function yamlContexts(text: string): ContextDefinition[] {
  return parseYamlDocuments(text).flatMap((document) => [
    ...composeContexts(document),
    { names: buildContextsInputs(document) },
  ]);
}

function composeContexts(document: Document.Parsed): ContextDefinition[] {
  return entries(document, field(document, document.contents, 'services')).flatMap(([, service]) => {
    const build = field(document, service, 'build');
    const names = additionalContexts(field(document, build, 'additional_contexts'));
    if (names.length === 0) return [];
    const text = (node: unknown) => (isScalar(node) && typeof node.value === 'string' ? node.value : undefined);
    const context = text(field(document, build, 'context')) ?? '.';
    const dockerfile = text(field(document, build, 'dockerfile')) ?? 'Dockerfile';
    if (context.includes('://') || dockerfile.startsWith('/')) return [{ names }];
    return [{ names, dockerfile: `${context}/${dockerfile}` }];
  });
}

/** The `NAME=VALUE` lines of every `build-contexts` value (the docker/build-push-action input), wherever they are. */
function buildContextsInputs(document: Document.Parsed): string[] {
  const names: string[] = [];
  const pending: unknown[] = [document.contents];
  const seen = new Set<unknown>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (seen.has(node)) continue;
    seen.add(node);
    if (isSeq(node)) pending.push(...node.items);
    if (!isMap(node)) continue;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (key === 'build-contexts' && isScalar(pair.value)) names.push(...assignments(String(pair.value.value)));
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
