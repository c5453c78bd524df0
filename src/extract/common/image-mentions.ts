/**
 * Lines that look like they name an image, in any text: a key ending in `image` with a value (`image: nginx:1`,
 * `"image": "..."`, `Image=...`, `image = "..."`), or a Dockerfile `FROM` line. A cheap heuristic for showing users the
 * files basepin does not read, never for finding references: a template value (`image: {{ ... }}`) is no mention.
 */
const MENTION =
  /^[ \t]*(?:-[ \t]+)?["']?[\w-]*(?:[Ii]mage|IMAGE)["']?[ \t]*[:=][ \t]*["']?[A-Za-z0-9$]|^[ \t]*FROM[ \t]+\S/m;

/** The 1-based line of the first mention of an image in `text`, or undefined when there is none. */
export function firstImageMention(text: string): number | undefined {
  const match = MENTION.exec(text);
  if (!match) return undefined;
  const offset = match.index + (match[0].length - match[0].trimStart().length);
  return text.slice(0, offset).split('\n').length;
}
