/**
 * What `update-pr` proposes, read from its pin and update runs, and the texts of that proposal: the commit message and
 * the pull request's title and body. Pure.
 */

import { familiarString, withoutDigest } from '../reference/index.js';
import type { Report } from '../run.js';

/** One reference the proposal pins (`from` null) or moves to a new digest. */
export interface UpdateChange {
  /** Relative to the repository root. */
  file: string;
  line: number;
  /** `name:tag` as users write it. */
  image: string;
  /** The digest it was pinned to; null when it was not pinned. */
  from: string | null;
  to: string;
}

/** Every reference the run rewrote, in file order. */
export function changesOf(report: Report): UpdateChange[] {
  return report.entries.flatMap((entry) => {
    if (entry.wrote === undefined || entry.ref === undefined) return [];
    const at = entry.found.at ?? entry.found;
    return [
      {
        file: entry.file,
        line: at.line,
        image: familiarString(withoutDigest(entry.ref)),
        from: entry.ref.digest,
        to: entry.wrote,
      },
    ];
  });
}

/** `sha256:` and 12 hex digits. */
const shortDigest = (digest: string) => digest.slice(0, digest.indexOf(':') + 13);

/** The commit subject and pull request title: what kind of change it is, the same from run to run. */
export function updateTitle(changes: readonly UpdateChange[]): string {
  const pins = changes.some((change) => change.from === null);
  const moves = changes.some((change) => change.from !== null);
  if (pins && moves) return 'Pin and update container image digests';
  return pins ? 'Pin container images to their digests' : 'Update container image digests';
}

/** The subject, then every pinned and every moved reference with its digests in full. */
export function updateCommitMessage(changes: readonly UpdateChange[]): string {
  const lines = [updateTitle(changes), ''];
  const pinned = changes.filter((change) => change.from === null);
  const moved = changes.filter((change) => change.from !== null);
  if (pinned.length > 0)
    lines.push(
      'Pinned by basepin:',
      ...pinned.map((change) => `- ${change.file}:${change.line} ${change.image} to ${change.to}`),
    );
  if (pinned.length > 0 && moved.length > 0) lines.push('');
  if (moved.length > 0) {
    lines.push(
      'Moved by basepin:',
      ...moved.map((change) => `- ${change.file}:${change.line} ${change.image} from ${change.from} to ${change.to}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The pull request body (Markdown): one row per reference, then what changed in each image whose pin moved (keyed
 * `image from to`, when known).
 */
export function updatePullRequestBody(
  changes: readonly UpdateChange[],
  base: string,
  descriptions: ReadonlyMap<string, string>,
): string {
  const pinned = changes.filter((change) => change.from === null).length;
  const moved = changes.length - pinned;
  const counts = [
    pinned > 0 ? `pinned ${plural(pinned, 'reference')}` : '',
    moved > 0 ? `moved ${plural(moved, 'stale pin')}` : '',
  ];
  const lines = [
    `basepin ${counts.filter(Boolean).join(' and ')} to the digests their tags point at now.`,
    '',
    '| file | line | image | from | to |',
    '| --- | --- | --- | --- | --- |',
    ...changes.map((change) => {
      const from = change.from === null ? 'unpinned' : `\`${shortDigest(change.from)}\``;
      return `| \`${change.file}\` | ${change.line} | \`${change.image}\` | ${from} | \`${shortDigest(change.to)}\` |`;
    }),
  ];
  for (const [key, text] of descriptions) {
    const [image, from] = key.split(' ');
    lines.push('', `### What changed in \`${image}\` since \`${shortDigest(from!)}\``, '', text.trim());
  }
  lines.push(
    '',
    '---',
    `Opened by basepin. Each run rebuilds this branch on \`${base}\` and updates this pull request.`,
    '',
  );
  return lines.join('\n');
}

/** The key of a moved image's description in `updatePullRequestBody`. */
export const descriptionKey = (change: UpdateChange) => `${change.image} ${change.from} ${change.to}`;

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
