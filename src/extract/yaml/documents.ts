import { type CST, Composer, type Document, isMap, isScalar, Parser } from 'yaml';
import { lineColumn } from '../common/found-at.js';
import { ExtractError } from '../errors.js';
import { type Insertion, originalOffset, reindented } from './continuations.js';
import { walkNodes } from './nodes.js';

/**
 * The deepest nesting of collections basepin reads. Real manifests nest a few dozen levels; the YAML library composes
 * nodes recursively and runs out of stack somewhere past 700 levels (and V8 may abort the process rather than throw
 * when that happens while it compiles a regular expression), so deeper text is refused before it is composed.
 */
export const YAML_MAX_DEPTH = 256;

/**
 * Every document of a YAML stream (`---` separated), with the source ranges extractors need. Unknown tags such
 * as GitLab's `!reference` are kept on their nodes (the parser only warns about them). Time and memory are linear
 * in the text, whatever it holds: nesting is bounded, repeated keys are found with one lookup each.
 * @throws ExtractError at the first syntax error, nesting deeper than YAML_MAX_DEPTH, or repeated mapping key.
 */
export function parseYamlDocuments(text: string): Document.Parsed[] {
  // A file is often parsed several times in a row (is it Compose? a manifest?): the last outcome is kept.
  if (last?.text !== text) last = { text, outcome: outcomeOf(() => parseUncached(text)) };
  if ('error' in last.outcome) throw last.outcome.error;
  return last.outcome.documents;
}

let last: { text: string; outcome: { documents: Document.Parsed[] } | { error: unknown } } | undefined;

function outcomeOf(parse: () => Document.Parsed[]): { documents: Document.Parsed[] } | { error: unknown } {
  try {
    return { documents: parse() };
  } catch (error) {
    return { error };
  }
}

function parseUncached(text: string): Document.Parsed[] {
  const documents = compose(text);
  const problem = firstProblem(documents, text);
  if (problem === undefined) return documents;
  // Continuation lines indented less than their key: refused by the library, read by Kubernetes (see there).
  const repaired = reindented(text);
  if (repaired !== undefined) {
    const again = compose(repaired.text);
    if (firstProblem(again, repaired.text) === undefined) {
      for (const document of again) remapRanges(document, repaired.insertions);
      return again;
    }
  }
  throw problem;
}

function compose(text: string): Document.Parsed[] {
  // The library's own repeated-key check compares each key with every earlier one: quadratic in a mapping's size.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false });
  return [...composer.compose(boundedNesting(new Parser().parse(text), text), true, text.length)];
}

/** The first error of `documents`, parsed from `text`: a syntax error or a repeated key. */
function firstProblem(documents: Document.Parsed[], text: string): ExtractError | undefined {
  for (const document of documents) {
    const [error] = document.errors;
    if (error) return errorAt(text, error.pos[0], `invalid YAML: ${error.message}`);
    const repeated = repeatedKey(document);
    if (repeated !== undefined) return errorAt(text, repeated, 'invalid YAML: Map keys must be unique');
  }
  return undefined;
}

/** Takes every node's source range from the reindented text back to the text as written. */
function remapRanges(document: Document.Parsed, insertions: readonly Insertion[]): void {
  const remap = (range: number[]) =>
    range.forEach((offset, index) => (range[index] = originalOffset(insertions, offset)));
  remap(document.range);
  walkNodes(document, (node) => {
    if (node.range) remap(node.range);
  });
}

function errorAt(text: string, offset: number, message: string): ExtractError {
  const { line, column } = lineColumn(text, offset);
  return new ExtractError(message, line, column);
}

/** The parser's tokens, each document checked for nesting deeper than YAML_MAX_DEPTH (without recursion). */
function* boundedNesting(tokens: Generator<CST.Token>, text: string): Generator<CST.Token> {
  for (const token of tokens) {
    const stack: [CST.Token, number][] = [[token, 0]];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const [node, depth] = top;
      if (node.type === 'document') {
        if (node.value) stack.push([node.value, depth]);
      } else if (node.type === 'block-map' || node.type === 'block-seq' || node.type === 'flow-collection') {
        if (depth + 1 > YAML_MAX_DEPTH) throw errorAt(text, node.offset, 'too deeply nested');
        for (const item of node.items) {
          if ('key' in item && item.key) stack.push([item.key, depth + 1]);
          if (item.value) stack.push([item.value, depth + 1]);
        }
      }
    }
    yield token;
  }
}

/** The offset of the first mapping key that repeats an earlier scalar key of its mapping (as the library compares). */
function repeatedKey(document: Document.Parsed): number | undefined {
  let offset: number | undefined;
  walkNodes(document, (node) => {
    if (!isMap(node) || offset !== undefined) return;
    const keys = new Set<unknown>();
    for (const { key } of node.items) {
      if (!isScalar(key)) continue;
      if (keys.has(key.value)) {
        offset = key.range?.[0] ?? 0;
        return;
      }
      keys.add(key.value);
    }
  });
  return offset;
}
