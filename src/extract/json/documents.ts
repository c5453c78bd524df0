import type { Node as JsonNode, ParseError } from 'jsonc-parser';

export type { JsonNode };
import { createScanner, findNodeAtLocation, parseTree, printParseErrorCode, SyntaxKind } from 'jsonc-parser';
import { extractErrorAt } from '../common/found-at.js';
import { QUOTED_FORM, type StringSpan } from '../common/string-image.js';

/**
 * The syntax tree of a JSON text that may have comments and trailing commas (as VS Code's devcontainer.json and
 * Docker Bake's JSON files allow), with offsets into `text`. A leading byte order mark is allowed.
 * @throws ExtractError at the first syntax error, or where arrays and objects nest deeper than JSON_MAX_DEPTH.
 */
export function parseJsonc(text: string): JsonNode | undefined {
  const errors: ParseError[] = [];
  const withoutBom = text.startsWith('\uFEFF') ? ` ${text.slice(1)}` : text;
  const tooDeep = tooDeeplyNested(withoutBom);
  if (tooDeep !== undefined) throw extractErrorAt(text, tooDeep, 'too deeply nested');
  const root = parseTree(withoutBom, errors, { allowTrailingComma: true });
  const [error] = errors;
  if (error) throw extractErrorAt(text, error.offset, `invalid JSON: ${printParseErrorCode(error.error)}`);
  return root;
}

/**
 * The deepest nesting of arrays and objects basepin reads. Real files nest a few levels; the parser is recursive and
 * exhausts the stack somewhere past ten thousand.
 */
export const JSON_MAX_DEPTH = 1000;

/** The offset of the first `[` or `{` nested deeper than JSON_MAX_DEPTH, found by scanning tokens (no recursion). */
function tooDeeplyNested(text: string): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      depth += 1;
      if (depth > JSON_MAX_DEPTH) return scanner.getTokenOffset();
    } else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** The node at `path` (object keys) below `node`, if there is one. */
export function jsonAt(node: JsonNode | undefined, path: string[]): JsonNode | undefined {
  return node && findNodeAtLocation(node, path);
}

/**
 * The value of `key` in the object `node` (undefined when it has none, or is no object). JSON readers disagree on
 * a repeated key (most take the last, jsonc-parser's tree search the first), so one is an error.
 * @throws ExtractError at the second occurrence of `key`.
 */
export function jsonMember(node: JsonNode | undefined, key: string, text: string): JsonNode | undefined {
  const properties = node?.type === 'object' ? (node.children ?? []) : [];
  const [first, second] = properties.filter((property) => property.children?.[0]?.value === key);
  if (second) throw extractErrorAt(text, second.offset, `duplicate key ${JSON.stringify(key)}`);
  return first?.children?.[1];
}

/** The members of the object `node` as [key, value] pairs; [] for anything else. */
export function jsonMembers(node: JsonNode | undefined): [string, JsonNode][] {
  if (node?.type !== 'object') return [];
  return (node.children ?? []).flatMap((property): [string, JsonNode][] => {
    const [key, value] = property.children ?? [];
    return key && value ? [[String(key.value), value]] : [];
  });
}

/** The span of a JSON string inside its quotes, uneditable when written with escapes; undefined for non-strings. */
export function jsonStringSpan(node: JsonNode | undefined, text: string): StringSpan | undefined {
  if (node?.type !== 'string') return undefined;
  const start = node.offset + 1;
  const end = node.offset + node.length - 1;
  const value = String(node.value);
  return text.slice(start, end) === value ? { value, start, end } : { value, start, end, uneditable: QUOTED_FORM };
}
