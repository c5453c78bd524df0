/**
 * Values of builder flags (`COPY --from=...`, `RUN --mount=...`) as BuildKit reads them, each character
 * remembering where it came from.
 */
import type { Located } from './source.js';

/**
 * A flag's value as BuildKit's flag reader leaves it: quotes (`'` or `"`) removed, and a backslash taking the
 * next character literally. (This reader always uses the backslash, whatever the escape directive says.)
 */
export function flagValue(raw: Located): Located {
  const value: Located = { text: '', offsets: [] };
  let quote: string | undefined;
  for (let i = 0; i < raw.text.length; i++) {
    const ch = raw.text[i];
    if (quote === undefined && (ch === '"' || ch === "'")) {
      quote = ch;
    } else if (ch === quote) {
      quote = undefined;
    } else {
      if (ch === '\\') i++;
      if (i < raw.text.length) push(value, raw, i);
    }
  }
  return value;
}

/**
 * The `from` field of a `--mount` flag's value: BuildKit reads the value as one CSV record of `key=value`
 * fields, with case-insensitive keys; the last `from` wins. Undefined when there is none, or when the value
 * holds a quote (a quoted CSV field, which basepin does not read).
 */
export function mountFrom(value: Located): Located | undefined {
  if (value.text.includes('"')) return undefined;
  let from: Located | undefined;
  let fieldStart = 0;
  for (const field of value.text.split(',')) {
    const equals = field.indexOf('=');
    if (equals !== -1 && field.slice(0, equals).toLowerCase() === 'from') {
      from = slice(value, fieldStart + equals + 1, fieldStart + field.length);
    }
    fieldStart += field.length + 1;
  }
  return from;
}

function push(target: Located, source: Located, index: number): void {
  target.text += source.text[index];
  target.offsets.push(source.offsets[index]);
}

function slice(located: Located, start: number, end: number): Located {
  return { text: located.text.slice(start, end), offsets: located.offsets.slice(start, end) };
}
