/**
 * Parsing of `WWW-Authenticate` headers (RFC 9110 section 11.6.1): one or more challenges, each a scheme
 * followed by comma-separated `name=value` parameters whose values may be quoted strings with `\` escapes.
 */

export interface Challenge {
  /** The scheme in lower case: `basic`, `bearer`, ... */
  scheme: string;
  /** Parameter names in lower case (`realm`, `service`, `scope`, `error`); values unquoted. */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/** All challenges in the given header values (a response may carry the header several times). */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const values = Array.isArray(header) ? header : [header];
  return values.flatMap(parseHeaderValue);
}

function parseHeaderValue(value: string): Challenge[] {
  const challenges: Challenge[] = [];
  const scanner = new Scanner(value);
  while (scanner.skipSeparators()) {
    const scheme = scanner.token();
    if (scheme === undefined) break;
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    readParams(scanner, challenge.params);
  }
  return challenges;
}

/** Reads `name=value` pairs until the next challenge's scheme (a token not followed by `=`) or the end. */
function readParams(scanner: Scanner, params: Record<string, string>): void {
  for (;;) {
    scanner.skipSeparators();
    const mark = scanner.position;
    const name = scanner.token();
    if (name === undefined) return;
    if (!scanner.consume('=')) {
      scanner.position = mark;
      return;
    }
    const value = scanner.peek() === '"' ? scanner.quoted() : (scanner.token() ?? '');
    params[name.toLowerCase()] = value;
  }
}

class Scanner {
  position = 0;
  constructor(private readonly text: string) {}

  peek(): string | undefined {
    return this.text[this.position];
  }

  /** Skips spaces and commas; false at the end of the text. */
  skipSeparators(): boolean {
    while (this.position < this.text.length && /[\s,]/.test(this.text[this.position])) this.position++;
    return this.position < this.text.length;
  }

  token(): string | undefined {
    while (this.peek() === ' ' || this.peek() === '\t') this.position++;
    const match = TOKEN.exec(this.text.slice(this.position));
    if (match === null) return undefined;
    this.position += match[0].length;
    return match[0];
  }

  consume(char: string): boolean {
    let at = this.position;
    while (this.text[at] === ' ' || this.text[at] === '\t') at++;
    if (this.text[at] !== char) return false;
    this.position = at + 1;
    while (this.peek() === ' ' || this.peek() === '\t') this.position++;
    return true;
  }

  /** A quoted string starting at the current `"`; an unterminated one runs to the end of the text. */
  quoted(): string {
    let value = '';
    this.position++;
    while (this.position < this.text.length) {
      const char = this.text[this.position++];
      if (char === '"') return value;
      value += char === '\\' && this.position < this.text.length ? this.text[this.position++] : char;
    }
    return value;
  }
}
