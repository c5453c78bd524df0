/** The texts of a propagation: the commit message, and the pull request's title and body. Pure. */

import type { Move } from './moves.js';

/** `sha256:` and 12 hex digits. */
const shortDigest = (digest: string) => digest.slice(0, digest.indexOf(':') + 13);

/** `Update registry.internal/platform/base:2 to sha256:0123456789ab`: commit subject and pull request title. */
export function title(image: string, digest: string): string {
  return `Update ${image} to ${shortDigest(digest)}`;
}

/**
 * The subject, the new digest in full, every reference that moved with the digest it moved from, and, when known,
 * what changed in the image (one description per old digest).
 */
export function commitMessage(
  image: string,
  digest: string,
  moves: readonly Move[],
  descriptions: ReadonlyMap<string, string> = new Map(),
): string {
  const lines = [
    title(image, digest),
    '',
    `The tag ${image} now points at`,
    digest,
    '',
    'Moved by basepin:',
    ...moves.map((move) => `- ${move.file}:${move.line} from ${move.from}`),
  ];
  for (const [from, text] of descriptions) lines.push('', `What changed since ${shortDigest(from)}:`, text.trimEnd());
  return `${lines.join('\n')}\n`;
}

/**
 * The pull request body (Markdown): which image moved, old and new digests, which files, and, when known, what
 * changed in the image (one description per old digest).
 */
export function pullRequestBody(
  image: string,
  digest: string,
  moves: readonly Move[],
  descriptions: ReadonlyMap<string, string>,
): string {
  const lines = [
    `The tag \`${image}\` now points at \`${digest}\`; basepin moved the pins that used it.`,
    '',
    '| file | line | old digest | new digest |',
    '| --- | --- | --- | --- |',
    ...moves.map((move) => `| \`${move.file}\` | ${move.line} | \`${move.from}\` | \`${move.to}\` |`),
  ];
  if (descriptions.size > 0) {
    lines.push('', '### What changed in the image');
    for (const [from, text] of descriptions) {
      if (descriptions.size > 1) lines.push('', `From \`${shortDigest(from)}\`:`);
      lines.push('', text.trim());
    }
  }
  lines.push('', '---', 'Opened by basepin. A newer push of the tag updates this pull request.', '');
  return lines.join('\n');
}
