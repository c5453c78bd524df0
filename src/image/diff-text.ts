/**
 * `ImageDiff` for people: a short summary of bullet lines (plain text that is also Markdown, for `update` output,
 * commit messages and pull-request bodies) and the full listing `basepin diff` prints.
 */

import type { ImageDiff, LabelChange } from './diff.js';
import { formatSize } from './size.js';
import type { HistoryStep, Layer } from './summary.js';
import { count, oneLine, stepSize, table } from './text.js';

/** At most this many label changes are spelled out in the short summary. */
const SUMMARY_LABELS = 4;

/**
 * A few `- ` lines saying what changed: creation time, the first label changes, layers and history in numbers, and
 * platforms added or removed. One line, `- no change`, for identical images.
 */
export function summarizeDiff(diff: ImageDiff): string {
  if (diff.identical) return '- no change\n';
  const lines: string[] = [];
  if (diff.created.from !== diff.created.to)
    lines.push(`- created ${diff.created.from ?? 'unknown'} → ${diff.created.to ?? 'unknown'}`);
  if (diff.labels.length > 0) {
    const shown = diff.labels.slice(0, SUMMARY_LABELS).map(labelText);
    const more = diff.labels.length - shown.length;
    lines.push(`- labels: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`);
  }
  const { shared, added, removed } = diff.layers;
  lines.push(
    `- layers: ${shared.length} shared (${formatSize(diff.sizes.shared)}), ${added.length} new (${formatSize(diff.sizes.added)}), ` +
      `${removed.length} removed (${formatSize(diff.sizes.removed)}); size ${formatSize(diff.sizes.from)} → ${formatSize(diff.sizes.to)}${change(diff.sizes)}`,
  );
  if (diff.history.added.length + diff.history.removed.length > 0) {
    lines.push(`- history: ${count(diff.history.added.length, 'step')} added, ${diff.history.removed.length} removed`);
  }
  const platforms = diff.platforms;
  if (platforms !== null && platforms.added.length + platforms.removed.length > 0) {
    const parts = [...platforms.added.map((p) => `+${p}`), ...platforms.removed.map((p) => `-${p}`)];
    lines.push(`- platforms: ${parts.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Everything `basepin diff` shows: both digests, then each changed label, layer, history step and platform. */
export function describeDiff(diff: ImageDiff): string {
  const lines = table([
    [
      'from',
      diff.from.digest,
      diff.from.digest === diff.from.image ? diff.from.platform : `${diff.from.platform} ${diff.from.image}`,
    ],
    [
      'to',
      diff.to.digest,
      diff.to.digest === diff.to.image ? diff.to.platform : `${diff.to.platform} ${diff.to.image}`,
    ],
  ]);
  if (diff.identical) return `${[...lines, 'no change: both are the same manifest'].join('\n')}\n`;
  const { created } = diff;
  lines.push(
    created.from === created.to
      ? `created  ${created.to ?? 'unknown'} (both)`
      : `created  ${created.from ?? 'unknown'} → ${created.to ?? 'unknown'}`,
  );
  lines.push(diff.labels.length === 0 ? 'labels: no change' : 'labels');
  lines.push(
    ...table(
      diff.labels.map((label) => [sign(label.change), label.key, labelValues(label)]),
      '  ',
    ),
  );
  lines.push(`layers: ${formatSize(diff.sizes.from)} → ${formatSize(diff.sizes.to)} compressed`);
  lines.push(...table(layerRows(diff), '  '));
  const steps = [
    ...diff.history.removed.map((step) => stepRow('-', step)),
    ...diff.history.added.map((step) => stepRow('+', step)),
  ];
  lines.push(steps.length === 0 ? 'history: same steps' : 'history');
  lines.push(...table(steps, '  '));
  if (diff.platforms !== null) lines.push(...platformLines(diff.platforms));
  return `${lines.join('\n')}\n`;
}

/** ` (+1.3 kB)`, ` (-200 B)`, or nothing when the sizes are equal. */
function change({ from, to }: ImageDiff['sizes']): string {
  if (from === to) return '';
  return ` (${to > from ? '+' : '-'}${formatSize(Math.abs(to - from))})`;
}

function labelText(label: LabelChange): string {
  if (label.change === 'added') return `+${label.key}=${label.to}`;
  if (label.change === 'removed') return `-${label.key}`;
  return `${label.key} ${label.from} → ${label.to}`;
}

function labelValues(label: LabelChange): string {
  if (label.change === 'changed') return `${label.from} → ${label.to}`;
  return (label.change === 'added' ? label.to : label.from) ?? '';
}

const sign = (change: LabelChange['change']) => (change === 'added' ? '+' : change === 'removed' ? '-' : '~');

function layerRows(diff: ImageDiff): string[][] {
  const row = (mark: string, what: string) => (layer: Layer) => [mark, layer.digest, formatSize(layer.size), what];
  return [
    ...diff.layers.shared.map(row('=', 'shared')),
    ...diff.layers.removed.map(row('-', 'removed')),
    ...diff.layers.added.map(row('+', 'new')),
  ];
}

function stepRow(mark: string, step: HistoryStep): string[] {
  return [mark, step.created ?? '', oneLine(step.createdBy), stepSize(step)];
}

function platformLines(platforms: NonNullable<ImageDiff['platforms']>): string[] {
  const rows = [
    ...platforms.added.map((platform) => ['+', platform, 'added']),
    ...platforms.removed.map((platform) => ['-', platform, 'removed']),
    ...platforms.changed.map((platform) => ['~', platform, 'new image']),
  ];
  return rows.length === 0 ? ['platforms: same'] : ['platforms', ...table(rows, '  ')];
}
