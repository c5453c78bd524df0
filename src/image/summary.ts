/** An image as basepin shows it: what `inspect` prints and what `diff` compares, built from manifests and config. */

import type { ImageConfig } from './config.js';
import type { Descriptor, IndexChild } from './manifest.js';
import { formatPlatform } from './platform.js';

/** One child of an index or list. */
export interface PlatformManifest extends Descriptor {
  /** `linux/arm64/v8`; `unknown` when the index does not say. */
  platform: string;
  attestation: boolean;
}

/** A layer of the image, with its compressed size. */
export type Layer = Descriptor;

/** One step of the image's history, like a row of `docker image history`. */
export interface HistoryStep {
  created: string | null;
  createdBy: string;
  comment: string;
  emptyLayer: boolean;
  /** The layer this step made (steps that made one take the manifest's layers in order), when known. */
  layer: Layer | null;
}

/** A single-platform image: its manifest and what its config says. */
export interface PlatformImage {
  platform: string;
  digest: string;
  mediaType: string;
  config: Descriptor;
  created: string | null;
  labels: Record<string, string>;
  layers: Layer[];
  /** Compressed size: the sum of the layers' sizes, what a pull downloads. */
  size: number;
  history: HistoryStep[];
}

export interface ImageSummary {
  /** The digest of what the reference points at: the index for a multi-platform image. */
  digest: string;
  mediaType: string;
  /** Every child of an index or list (attestations marked); null for a single-platform image. */
  platforms: PlatformManifest[] | null;
  /** The image of the selected platform (the only one, for a single-platform image). */
  image: PlatformImage;
}

/** The platform manifests of an index, for the summary. */
export function platformManifests(children: readonly IndexChild[]): PlatformManifest[] {
  return children.map(({ mediaType, digest, size, platform, attestation }) => ({
    platform: platform === null ? 'unknown' : formatPlatform(platform),
    mediaType,
    digest,
    size,
    attestation,
  }));
}

/** The summary of one image manifest (`manifest` is its descriptor) with its layers and parsed config. */
export function platformImage(
  manifest: Descriptor,
  config: Descriptor,
  layers: readonly Layer[],
  parsed: ImageConfig,
): PlatformImage {
  return {
    platform: formatPlatform(parsed.platform) || 'unknown',
    digest: manifest.digest,
    mediaType: manifest.mediaType,
    config,
    created: parsed.created,
    labels: parsed.labels,
    layers: [...layers],
    size: layers.reduce((sum, layer) => sum + layer.size, 0),
    history: historySteps(parsed, layers),
  };
}

/** The config's history, each step that made a layer paired with the next layer of the manifest. */
function historySteps(config: ImageConfig, layers: readonly Layer[]): HistoryStep[] {
  let next = 0;
  return config.history.map((entry) => ({ ...entry, layer: entry.emptyLayer ? null : (layers[next++] ?? null) }));
}
