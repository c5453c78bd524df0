import { lineIndexOf } from './found-at.js';
import type { Found } from '../types.js';

/** A comment line that is nothing but `# basepin: ignore` (or `// basepin: ignore`), with anything after it. */
const COMMENT_LINE = /^[ \t]*(?:#|\/\/)[ \t]*basepin:[ \t]*ignore\b/;
/** What may follow a reference on its line to ignore it: a closing quote, commas and brackets, white space, the comment. */
const AFTER_REFERENCE = /["']?[,\]})]*[ \t]+(?:#|\/\/)[ \t]*basepin:[ \t]*ignore\b/y;

/**
 * Whether the user marked this reference `basepin: ignore`: with a comment right after it on its line (YAML, JSON
 * with comments, HCL), or with a line holding only that comment right above the line where it is written. Text that
 * merely contains the words (a shell command, a quoted string) does not count.
 */
export function ignoredByComment(text: string, found: Found): boolean {
  // Sticky, from the reference's end: nothing in the pattern crosses a line break, and no later text is copied.
  AFTER_REFERENCE.lastIndex = found.end;
  if (AFTER_REFERENCE.test(text)) return true;
  const line = (found.at ?? found).line;
  return line >= 2 && COMMENT_LINE.test(lineIndexOf(text).lineText(line - 1));
}
