/**
 * What changed between two images: creation time, labels (revision and version first), layers shared and new by
 * digest, history steps added and removed, and platforms for indexes. Pure: it compares two summaries.
 */

import { diffArrays } from 'diff';
import type { HistoryStep, ImageSummary, Layer } from './summary.js';

export interface LabelChange {
  key: string;
  change: 'added' | 'changed' | 'removed';
  /** The value before (absent when added). */
  from?: string;
  /** The value after (absent when removed). */
  to?: string;
}

export interface PlatformChanges {
  added: string[];
  removed: string[];
  /** Platforms on both sides whose image differs. */
  changed: string[];
}

export interface ImageDiff {
  from: { digest: string; image: string; platform: string };
  to: { digest: string; image: string; platform: string };
  /** True when both sides are the same manifest (or index). */
  identical: boolean;
  created: { from: string | null; to: string | null };
  /** Changed labels: version and revision labels first, then by key. */
  labels: LabelChange[];
  layers: { shared: Layer[]; added: Layer[]; removed: Layer[] };
  /** Compressed bytes of each side, and of the shared, added and removed layers. */
  sizes: { from: number; to: number; shared: number; added: number; removed: number };
  /** History steps, compared by what created them (their times are ignored, as a rebuild changes every one). */
  history: { added: HistoryStep[]; removed: HistoryStep[] };
  /** For indexes (on either side): the platforms each side offers, compared; null when both are single images. */
  platforms: PlatformChanges | null;
}

/** Compares `from` (older) with `to` (newer); for indexes, the selected platform's images are compared layer by layer. */
export function diffImages(from: ImageSummary, to: ImageSummary): ImageDiff {
  const layers = diffLayers(from.image.layers, to.image.layers);
  const total = (list: readonly Layer[]) => list.reduce((sum, layer) => sum + layer.size, 0);
  return {
    from: side(from),
    to: side(to),
    identical: from.digest === to.digest,
    created: { from: from.image.created, to: to.image.created },
    labels: diffLabels(from.image.labels, to.image.labels),
    layers,
    sizes: {
      from: from.image.size,
      to: to.image.size,
      shared: total(layers.shared),
      added: total(layers.added),
      removed: total(layers.removed),
    },
    history: diffHistory(from.image.history, to.image.history),
    platforms: from.platforms === null && to.platforms === null ? null : diffPlatforms(from, to),
  };
}

function side(summary: ImageSummary): ImageDiff['from'] {
  return { digest: summary.digest, image: summary.image.digest, platform: summary.image.platform };
}

/** Labels whose key ends in `version`, `revision` or `vcs-ref` say what a base image update is: they come first. */
function labelRank(key: string): number {
  return /(^|[.-])(version|revision|vcs-ref)$/.test(key) ? 0 : 1;
}

export function diffLabels(
  from: Readonly<Record<string, string>>,
  to: Readonly<Record<string, string>>,
): LabelChange[] {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
  const changes: LabelChange[] = [];
  for (const key of keys) {
    const before = Object.hasOwn(from, key) ? from[key] : undefined;
    const after = Object.hasOwn(to, key) ? to[key] : undefined;
    if (before === after) continue;
    if (before === undefined) changes.push({ key, change: 'added', to: after });
    else if (after === undefined) changes.push({ key, change: 'removed', from: before });
    else changes.push({ key, change: 'changed', from: before, to: after });
  }
  return changes.sort((a, b) => labelRank(a.key) - labelRank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function diffLayers(from: readonly Layer[], to: readonly Layer[]): ImageDiff['layers'] {
  const before = new Set(from.map((layer) => layer.digest));
  const after = new Set(to.map((layer) => layer.digest));
  return {
    shared: to.filter((layer) => before.has(layer.digest)),
    added: to.filter((layer) => !before.has(layer.digest)),
    removed: from.filter((layer) => !after.has(layer.digest)),
  };
}

/** The steps only one side has, by the longest common sequence of `created_by` (and whether a layer was made). */
function diffHistory(from: readonly HistoryStep[], to: readonly HistoryStep[]): ImageDiff['history'] {
  const same = (a: HistoryStep, b: HistoryStep) => a.createdBy === b.createdBy && a.emptyLayer === b.emptyLayer;
  const changes = diffArrays([...from], [...to], { comparator: same });
  return {
    added: changes.filter((change) => change.added).flatMap((change) => change.value),
    removed: changes.filter((change) => change.removed).flatMap((change) => change.value),
  };
}

function diffPlatforms(from: ImageSummary, to: ImageSummary): PlatformChanges {
  const before = platformDigests(from);
  const after = platformDigests(to);
  return {
    added: [...after.keys()].filter((platform) => !before.has(platform)),
    removed: [...before.keys()].filter((platform) => !after.has(platform)),
    changed: [...after]
      .filter(([platform, digest]) => before.has(platform) && before.get(platform) !== digest)
      .map(([platform]) => platform),
  };
}

/** Platform -> image digest, attestations left out; a single image offers its own platform. */
function platformDigests(summary: ImageSummary): Map<string, string> {
  if (summary.platforms === null) return new Map([[summary.image.platform, summary.image.digest]]);
  return new Map(
    summary.platforms.filter((child) => !child.attestation).map((child) => [child.platform, child.digest]),
  );
}
