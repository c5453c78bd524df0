import type { Alias, Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';

/** A YAML node once aliases are followed. */
export type YamlNode = Scalar | YAMLMap | YAMLSeq;

/**
 * `node` itself, or the node an alias (`*name`) refers to. An alias is a second use of its anchored node, not a
 * node of its own: extractors reach the anchored node and report it once.
 */
export function resolved(document: Document.Parsed, node: unknown): YamlNode | undefined {
  if (isAlias(node)) return aliasTargets(document).get(node);
  return isScalar(node) || isMap(node) || isSeq(node) ? node : undefined;
}

/**
 * What each alias of `document` refers to: the last node before it with its anchor, as the YAML library resolves it.
 * (The library's `Alias.resolve` walks the whole document on every call: quadratic in a file of many aliases.)
 * Worked out once per document.
 */
function aliasTargets(document: Document.Parsed): Map<Alias, YamlNode> {
  let targets = aliasCache.get(document);
  if (targets === undefined) {
    const anchored = new Map<string, YamlNode>();
    const found = new Map<Alias, YamlNode>();
    walkNodes(document, (node) => {
      if (isAlias(node)) {
        const target = anchored.get(node.source);
        if (target !== undefined) found.set(node, target);
      } else if (node.anchor) anchored.set(node.anchor, node);
    });
    targets = found;
    aliasCache.set(document, targets);
  }
  return targets;
}

const aliasCache = new WeakMap<Document.Parsed, Map<Alias, YamlNode>>();

/**
 * Calls `visit` with every node of `document` (aliases not followed), in the order they are written, parents before
 * their children. Iterative: a deeply nested document cannot exhaust the stack.
 */
export function walkNodes(document: Document.Parsed, visit: (node: YamlNode | Alias) => void): void {
  const pending: unknown[] = [document.contents];
  for (let node = pending.pop(); pending.length > 0 || node !== undefined; node = pending.pop()) {
    if (isAlias(node) || isScalar(node)) visit(node);
    else if (isMap(node) || isSeq(node)) {
      visit(node);
      for (let index = node.items.length - 1; index >= 0; index--) pending.push(node.items[index]);
    } else if (isPair(node)) pending.push(node.value, node.key);
  }
}

/**
 * The value of `key` in the mapping `node`, following aliases and `<<` merge keys (own keys first, then the
 * merged mappings in order); undefined when `node` is no mapping or has no such key.
 */
export function field(document: Document.Parsed, node: unknown, key: string): YamlNode | undefined {
  return lookup(document, node, key, new Set());
}

function lookup(document: Document.Parsed, node: unknown, key: string, seen: Set<YAMLMap>): YamlNode | undefined {
  const map = resolved(document, node);
  if (!isMap(map) || seen.has(map)) return undefined;
  seen.add(map);
  const own = map.items.find((pair) => keyOf(pair) === key);
  if (own) return resolved(document, own.value);
  for (const merge of map.items.filter((pair) => keyOf(pair) === '<<')) {
    const sources = isSeq(merge.value) ? merge.value.items : [merge.value];
    for (const source of sources) {
      const value = lookup(document, source, key, seen);
      if (value) return value;
    }
  }
  return undefined;
}

/** The entries of the mapping `node` as written (merge keys left out), keys as strings; [] for anything else. */
export function entries(document: Document.Parsed, node: unknown): [string, YamlNode | undefined][] {
  const map = resolved(document, node);
  if (!isMap(map)) return [];
  return map.items.flatMap((pair) => {
    const key = keyOf(pair);
    return key === undefined || key === '<<' ? [] : [[key, resolved(document, pair.value)]];
  });
}

/** The items of the sequence `node`, aliases followed; [] for anything else. */
export function elements(document: Document.Parsed, node: unknown): YamlNode[] {
  const seq = resolved(document, node);
  if (!isSeq(seq)) return [];
  return seq.items.flatMap((item) => resolved(document, item) ?? []);
}

function keyOf(pair: Pair): string | undefined {
  if (!isScalar(pair.key)) return undefined;
  const { value } = pair.key;
  if (typeof value === 'symbol') return value.description; // `<<` in a `%YAML 1.1` document
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
