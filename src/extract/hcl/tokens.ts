import { extractErrorAt, lineColumn } from '../common/found-at.js';
import { ExtractError } from '../errors.js';

/**
 * The tokens of HCL native syntax that give a Bake file its structure. Everything inside expressions that is not
 * a bracket, a string, `=`, `:` or `,` is an `other` token: basepin reads literal strings, not expressions.
 */
export interface HclToken {
  type: 'newline' | 'identifier' | 'string' | 'open' | 'close' | 'equals' | 'colon' | 'comma' | 'other';
  /** Offsets into the text; a string's include its quotes, a heredoc is one `other` token. */
  start: number;
  end: number;
}

const SINGLE: Partial<Record<string, HclToken['type']>> = {
  '\n': 'newline',
  '{': 'open',
  '[': 'open',
  '(': 'open',
  '}': 'close',
  ']': 'close',
  ')': 'close',
  '=': 'equals',
  ':': 'colon',
  ',': 'comma',
};
const IDENTIFIER = /[A-Za-z_][\w-]*/y;
const TWO_CHARACTER_OPERATOR = /==|!=|<=|>=|=>/y;
const HEREDOC_START = /<<-?([A-Za-z_][\w-]*)\r?\n/y;

/**
 * The tokens of `text`, comments (`#`, `//`, `/* *\/`) and blanks left out.
 * @throws ExtractError for an unterminated string, comment, template or heredoc.
 */
export function hclTokens(text: string): HclToken[] {
  const tokens: HclToken[] = [];
  for (let at = text.startsWith('\uFEFF') ? 1 : 0; at < text.length; ) {
    const { type, end } = scan(text, at);
    if (type !== 'blank') tokens.push({ type, start: at, end });
    at = end;
  }
  return tokens;
}

/** What starts at `at` (a token, or a blank or comment), and where it ends. */
function scan(text: string, at: number): { type: HclToken['type'] | 'blank'; end: number } {
  const char = text[at];
  if (char === ' ' || char === '\t' || char === '\r') return { type: 'blank', end: at + 1 };
  if (char === '#' || text.startsWith('//', at)) return { type: 'blank', end: lineEnd(text, at) };
  if (text.startsWith('/*', at)) return { type: 'blank', end: blockCommentEnd(text, at) };
  if (char === '"') return { type: 'string', end: stringEnd(text, at) };
  const identifier = sticky(IDENTIFIER, text, at);
  if (identifier) return { type: 'identifier', end: identifier.lastIndex };
  const operator = sticky(TWO_CHARACTER_OPERATOR, text, at);
  if (operator) return { type: 'other', end: operator.lastIndex };
  const heredoc = sticky(HEREDOC_START, text, at);
  if (heredoc) return { type: 'other', end: heredocEnd(text, at, heredoc.lastIndex, heredoc.match[1]) };
  return { type: SINGLE[char] ?? 'other', end: at + 1 };
}

/** The match of a sticky `pattern` right at `at`, and the offset after it. */
function sticky(pattern: RegExp, text: string, at: number): { match: RegExpExecArray; lastIndex: number } | undefined {
  pattern.lastIndex = at;
  const match = pattern.exec(text);
  return match ? { match, lastIndex: pattern.lastIndex } : undefined;
}

function lineEnd(text: string, at: number): number {
  const newline = text.indexOf('\n', at);
  return newline === -1 ? text.length : newline;
}

/** The offset after the `*\/` closing the comment that starts at `at`. */
function blockCommentEnd(text: string, at: number): number {
  const close = text.indexOf('*/', at + 2);
  if (close === -1) throw unterminated(text, at, 'comment');
  return close + 2;
}

/**
 * The deepest nesting of strings in templates in strings (`"${"${...}"}"`) basepin reads: real files nest one or two,
 * and each level is two recursive calls.
 */
export const HCL_TEMPLATE_MAX_DEPTH = 100;

/** The offset after the closing quote of the string starting at `at`, skipping escapes and `${...}` templates. */
function stringEnd(text: string, at: number, depth = 0): number {
  if (depth > HCL_TEMPLATE_MAX_DEPTH) throw extractErrorAt(text, at, 'too deeply nested');
  let index = at + 1;
  for (;;) {
    const char = text[index];
    if (char === undefined || char === '\n') throw unterminated(text, at, 'string');
    if (char === '"') return index + 1;
    if (char === '\\') index += 2;
    else if (text.startsWith('$${', index) || text.startsWith('%%{', index)) index += 3;
    else if ((char === '$' || char === '%') && text[index + 1] === '{') index = templateEnd(text, index, depth + 1);
    else index += 1;
  }
}

/** The offset after the `}` closing the template sequence (`${...}` or `%{...}`) starting at `at`. */
function templateEnd(text: string, at: number, nesting: number): number {
  let depth = 0;
  for (let index = at + 1; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') index = stringEnd(text, index, nesting) - 1;
    else if (char === '{') depth += 1;
    else if (char === '}' && --depth === 0) return index + 1;
  }
  throw unterminated(text, at, 'template');
}

/** The end of the heredoc's closing marker line (`body` is where its first line starts). */
function heredocEnd(text: string, at: number, body: number, marker: string): number {
  for (let line = body; line < text.length; line = lineEnd(text, line) + 1) {
    const end = lineEnd(text, line);
    if (text.slice(line, end).trim() === marker) return end;
  }
  throw unterminated(text, at, 'heredoc');
}

function unterminated(text: string, at: number, what: string): ExtractError {
  const { line, column } = lineColumn(text, at);
  return new ExtractError(`invalid HCL: unterminated ${what}`, line, column);
}
