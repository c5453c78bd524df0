import { type HclToken, hclTokens } from './tokens.js';
import { lineColumn } from '../common/found-at.js';
import { QUOTED_FORM, type StringSpan } from '../common/string-image.js';
import { ExtractError } from '../errors.js';

/** An attribute (`name = value`) or a block (`name "label" { body }`) of a body. */
export interface BodyItem {
  kind: 'attribute' | 'block';
  name: string;
  /** The token indexes of the attribute's value, or of the block's body inside its braces. */
  from: number;
  to: number;
  /** The index of the token after the item. */
  after: number;
  /** A block's first label token, when it has one. */
  labelAt?: number;
}

/**
 * Every literal string value of the `contexts = { name = "..." }` attribute of every `target` block of a Bake
 * HCL file. Values that are expressions other than one string literal are left out.
 * @throws ExtractError when the text is not HCL: unterminated strings or comments, unbalanced brackets, a body
 * item that is neither an attribute nor a block.
 */
export function hclTargetContexts(text: string): StringSpan[] {
  const reader = new HclReader(text);
  return reader
    .body(0, reader.tokens.length)
    .filter((item) => item.kind === 'block' && item.name === 'target')
    .flatMap((target) => reader.body(target.from, target.to))
    .filter((item) => item.kind === 'attribute' && item.name === 'contexts' && reader.isObject(item))
    .flatMap((contexts) => reader.objectStrings(contexts.from + 1, contexts.to - 1))
    .map((token) => reader.stringSpan(token));
}

/** What a Bake target says of its build: literal `context` and `dockerfile` strings, `inherits`, `contexts` keys. */
export interface BakeTarget {
  name: string;
  /** undefined when not set; null when set to something other than one string literal. */
  context?: string | null;
  dockerfile?: string | null;
  inherits: string[] | null;
  contexts: string[];
}

/** Every `target` block of a Bake HCL file, as far as literal values tell. */
export function hclTargets(text: string): BakeTarget[] {
  const reader = new HclReader(text);
  return reader
    .body(0, reader.tokens.length)
    .filter((item) => item.kind === 'block' && item.name === 'target')
    .map((target) => {
      const label = reader.tokens.slice(target.from - 2, target.from - 1)[0];
      const items = reader.body(target.from, target.to).filter((item) => item.kind === 'attribute');
      const attribute = (name: string) => items.find((item) => item.name === name);
      const literal = (name: string) => {
        const item = attribute(name);
        if (item === undefined) return undefined;
        const token = reader.tokens[item.from];
        const value = item.to === item.from + 1 && token.type === 'string' ? reader.stringSpan(token).value : undefined;
        return value === undefined || value.includes('${') ? null : value; // an interpolation is no literal
      };
      const inherits = attribute('inherits');
      const contexts = items.filter((item) => item.name === 'contexts' && reader.isObject(item));
      return {
        name: label?.type === 'string' ? reader.stringSpan(label).value : '',
        context: literal('context'),
        dockerfile: literal('dockerfile'),
        inherits: inherits === undefined ? [] : reader.listStrings(inherits),
        contexts: contexts.flatMap((item) => reader.objectKeys(item.from + 1, item.to - 1)),
      };
    });
}

/** The tokens of one HCL text, with each bracket's partner, and the few readings of them Bake (and Nomad) need. */
export class HclReader {
  readonly tokens: HclToken[];
  /** For each opening or closing bracket's index, the index of its partner. */
  private readonly partner = new Map<number, number>();

  constructor(private readonly text: string) {
    this.tokens = hclTokens(text);
    this.pairBrackets();
  }

  /** The attributes and blocks of the body made of tokens `from`..`to`. */
  body(from: number, to: number): BodyItem[] {
    const items: BodyItem[] = [];
    for (let index = from; index < to; ) {
      if (this.tokens[index].type === 'newline') {
        index += 1;
      } else {
        const item = this.bodyItem(index, to);
        items.push(item);
        index = item.after;
      }
    }
    return items;
  }

  /** The attribute or block that starts at token `index` of a body that ends before token `to`. */
  private bodyItem(index: number, to: number): BodyItem {
    const first = this.tokens[index];
    if (first.type !== 'identifier') throw this.error(first, 'expected an attribute or a block');
    const name = this.source(first);
    let next = index + 1;
    while (next < to && (this.tokens[next].type === 'string' || this.tokens[next].type === 'identifier')) next += 1;
    if (next === to) throw this.error(first, `expected "=" or "{" after ${name}`);
    if (next === index + 1 && this.tokens[next].type === 'equals') {
      const end = this.expressionEnd(next + 1, to, ['newline']);
      return { kind: 'attribute', name, from: next + 1, to: end, after: end };
    }
    if (this.source(this.tokens[next]) !== '{') {
      throw this.error(this.tokens[next], `expected "=" or "{" after ${name}`);
    }
    const close = this.partner.get(next)!;
    const labelled = next > index + 1 ? { labelAt: index + 1 } : {};
    return { kind: 'block', name, from: next + 1, to: close, after: close + 1, ...labelled };
  }

  /** The first label of a block (`resource "docker_image" "app"`: `docker_image`), without its quotes. */
  label(item: BodyItem): string | undefined {
    const token = this.tokens[item.labelAt ?? -1];
    return token?.type === 'string' ? this.text.slice(token.start + 1, token.end - 1) : undefined;
  }

  /** The span of an attribute whose value is one string literal; undefined for any other value. */
  attributeString(item: BodyItem): StringSpan | undefined {
    const token = this.tokens[item.from];
    const literal = item.kind === 'attribute' && item.to === item.from + 1 && token?.type === 'string';
    return literal ? this.stringSpan(token) : undefined;
  }

  /** Whether an attribute's value is one object constructor `{ ... }`. */
  isObject(item: BodyItem): boolean {
    const opener = this.tokens[item.from];
    return item.from < item.to && this.source(opener) === '{' && this.partner.get(item.from) === item.to - 1;
  }

  /** The string tokens that are the whole value of an item (`key = "value"` or `key: "value"`) of an object. */
  objectStrings(from: number, to: number): HclToken[] {
    const strings: HclToken[] = [];
    for (let index = from; index < to; ) {
      const end = Math.max(this.expressionEnd(index, to, ['newline', 'comma']), index + 1);
      const [key, separator, value, ...rest] = this.tokens.slice(index, end);
      const isKey = key.type === 'identifier' || key.type === 'string';
      const isSeparator = separator?.type === 'equals' || separator?.type === 'colon';
      if (isKey && isSeparator && value?.type === 'string' && rest.length === 0) strings.push(value);
      index = end;
    }
    return strings;
  }

  /** The string literals of an attribute whose value is a list of them, or null for any other value. */
  listStrings(item: BodyItem): string[] | null {
    const tokens = this.tokens.slice(item.from, item.to);
    const [open, ...rest] = tokens;
    const close = rest.pop();
    if (open === undefined || this.source(open) !== '[' || close === undefined || this.source(close) !== ']')
      return null;
    const values = rest.filter((token) => token.type !== 'comma' && token.type !== 'newline');
    if (!values.every((token) => token.type === 'string')) return null;
    return values.map((token) => this.stringSpan(token).value);
  }

  /** The keys (identifiers, or strings without their quotes) of the items of an object. */
  objectKeys(from: number, to: number): string[] {
    const keys: string[] = [];
    for (let index = from; index < to; ) {
      const end = Math.max(this.expressionEnd(index, to, ['newline', 'comma']), index + 1);
      const [key, separator] = this.tokens.slice(index, end);
      const isSeparator = separator?.type === 'equals' || separator?.type === 'colon';
      if (isSeparator && key.type === 'identifier') keys.push(this.source(key));
      if (isSeparator && key.type === 'string') keys.push(this.source(key).slice(1, -1));
      index = end;
    }
    return keys;
  }

  /** A string token's span inside its quotes; uneditable when it has escapes. `${...}` stays in the value. */
  stringSpan(token: HclToken): StringSpan {
    const start = token.start + 1;
    const end = token.end - 1;
    const value = this.text.slice(start, end);
    return value.includes('\\') ? { value, start, end, uneditable: QUOTED_FORM } : { value, start, end };
  }

  /** The index of the first token from `from` (before `to`) of one of `types` outside brackets. */
  private expressionEnd(from: number, to: number, types: HclToken['type'][]): number {
    let index = from;
    while (index < to && !types.includes(this.tokens[index].type)) {
      index = this.tokens[index].type === 'open' ? this.partner.get(index)! + 1 : index + 1;
    }
    return index;
  }

  private pairBrackets(): void {
    const open: number[] = [];
    this.tokens.forEach((token, index) => {
      if (token.type === 'open') open.push(index);
      if (token.type !== 'close') return;
      const opener = open.pop();
      if (opener === undefined || CLOSING[this.source(this.tokens[opener])] !== this.source(token)) {
        throw this.error(token, `unexpected "${this.source(token)}"`);
      }
      this.partner.set(opener, index).set(index, opener);
    });
    const unclosed = open.pop();
    if (unclosed !== undefined) {
      throw this.error(this.tokens[unclosed], `"${this.source(this.tokens[unclosed])}" is never closed`);
    }
  }

  private source(token: HclToken): string {
    return this.text.slice(token.start, token.end);
  }

  private error(token: HclToken, message: string): ExtractError {
    const { line, column } = lineColumn(this.text, token.start);
    return new ExtractError(`invalid HCL: ${message}`, line, column);
  }
}

const CLOSING: Partial<Record<string, string>> = { '{': '}', '[': ']', '(': ')' };
