import type { Found } from './types.js';

/** A comment line that is nothing but `# basepin: ignore` (or `// basepin: ignore`), with anything after it. */
const COMMENT_LINE = /^[ \t]*(?:#|\/\/)[ \t]*basepin:[ \t]*ignore\b/;
/** What may follow a reference on its line to ignore it: a closing quote, commas and brackets, white space, the comment. */
const AFTER_REFERENCE = /^["']?[,\]})]*[ \t]+(?:#|\/\/)[ \t]*basepin:[ \t]*ignore\b/;

/**
 * Whether the user marked this reference `basepin: ignore`: with a comment right after it on its line (YAML, JSON
 * with comments, HCL), or with a line holding only that comment right above the line where it is written. Text that
 * merely contains the words (a shell command, a quoted string) does not count.
 */
export function ignoredByComment(text: string, found: Found): boolean {
  const lineEnd = (from: number) => {
    const end = text.slice(from).search(/\r?\n|\r/);
    return end === -1 ? text.length : from + end;
  };
  if (AFTER_REFERENCE.test(text.slice(found.end, lineEnd(found.end)))) return true;
  const line = (found.at ?? found).line;
  if (line < 2) return false;
  const above = text.split(/\r\n|\n|\r/, line - 1)[line - 2] ?? '';
  return COMMENT_LINE.test(above);
}
