/** `basepin inspect` for people: the image, its platforms, labels and history, like `docker image history`. */

import { formatSize } from './size.js';
import type { HistoryStep, ImageSummary } from './summary.js';
import { count, oneLine, stepSize, table } from './text.js';

/** The summary as lines of text; `name` is the reference as the user gave it. */
export function describeImage(name: string, summary: ImageSummary): string {
  const { image } = summary;
  const lines = [field('image', name), field('digest', summary.digest), field('media type', summary.mediaType)];
  if (summary.platforms !== null) {
    lines.push('platforms');
    const rows = summary.platforms.map((child) => [
      child.platform,
      child.digest,
      formatSize(child.size),
      child.attestation ? '(attestation)' : child.digest === image.digest ? '(shown below)' : '',
    ]);
    lines.push(
      ...table(rows, '  '),
      field('platform', image.platform),
      field('manifest', image.digest),
      field('media type', image.mediaType),
    );
  } else {
    lines.push(field('platform', image.platform));
  }
  lines.push(
    field('config', image.config.digest),
    field('created', image.created ?? 'unknown'),
    field('size', `${formatSize(image.size)} compressed, ${count(image.layers.length, 'layer')}`),
  );
  const labels = Object.entries(image.labels).sort(([a], [b]) => (a < b ? -1 : 1));
  lines.push(labels.length === 0 ? field('labels', 'none') : 'labels', ...table(labels, '  '));
  lines.push('history', ...historyTable(image.history));
  return `${lines.join('\n')}\n`;
}

/** `key` and `value`, values aligned after the longest key (`media type`). */
const field = (key: string, value: string) => `${key.padEnd(10)}  ${value}`;

/** One row per step, oldest first: CREATED, CREATED BY, SIZE (compressed, of the layer the step made), COMMENT. */
function historyTable(steps: readonly HistoryStep[]): string[] {
  if (steps.length === 0) return ['  (the config records no history)'];
  const rows = steps.map((step) => [step.created ?? '', oneLine(step.createdBy), stepSize(step), step.comment]);
  return table([['CREATED', 'CREATED BY', 'SIZE', 'COMMENT'], ...rows], '  ');
}
