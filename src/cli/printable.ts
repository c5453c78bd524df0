/**
 * Text from files, registries and the command line, made safe to print on a terminal. A file name or an image
 * reference can hold ESC or BEL: printed raw, `\x1b]0;...\x07` retitles the user's terminal and `\x1b[2J` clears it,
 * and a bidirectional override (U+202E) makes a line read differently from what it holds. Every such character is
 * shown escaped instead, as JavaScript would write it (`\x1b`, `\u202e`). Machine formats (JSON, SARIF) keep the text
 * exact and rely on their own escaping.
 */

/**
 * C0 controls (TAB and line feed included: inside one field they would break our own line structure), DEL, C1
 * controls, and the Unicode bidirectional formatting characters (marks, embeddings, overrides, isolates).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Like UNSAFE, but keeps line feeds and TABs: for whole texts whose lines are ours (a report, a description). */
const UNSAFE_IN_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escape(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One field (a file name, a reference, a message), with every control and bidi character escaped. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** A multi-line text whose line structure is meant: control characters escaped, line feeds and TABs kept. */
export function printableLines(text: string): string {
  return text.replace(UNSAFE_IN_LINES, escape);
}
