/** A `# basepin: ignore` (or `// basepin: ignore`) comment. */
const IGNORE = /(?:#|\/\/)\s*basepin:\s*ignore\b/;

/**
 * Whether the reference written on `line` (1-based) of `text` carries an ignore comment, on that line or on the line
 * right above it.
 */
export function ignoredByComment(text: string, line: number): boolean {
  const lines = text.split(/\r\n|\n|\r/, line);
  return IGNORE.test(lines[line - 1] ?? '') || (line > 1 && IGNORE.test(lines[line - 2] ?? ''));
}
