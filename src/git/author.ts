/** The identity basepin commits as, from `Name <email>`. */
export interface GitAuthor {
  name: string;
  email: string;
}

export const DEFAULT_AUTHOR: GitAuthor = { name: 'basepin', email: 'basepin@localhost' };

/** Parses `Name <email>`; undefined when the text is not of that form. */
export function parseAuthor(text: string): GitAuthor | undefined {
  const match = /^\s*([^<>]*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(text);
  if (!match || match[1] === '') return undefined;
  return { name: match[1]!, email: match[2]! };
}
