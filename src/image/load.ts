/**
 * Loading an image summary through an `ImageSource` (the registry client fits it): the manifest the reference points
 * at, for an index the manifest of one platform, and that image's config blob. No layer is downloaded.
 */

import { defaults } from '../defaults.js';
import { type NormalizedReference, byDigest } from '../reference/index.js';
import { parseConfig } from './config.js';
import { ImageError } from './errors.js';
import { parseManifest, type Descriptor, type IndexChild, type Manifest } from './manifest.js';
import { DEFAULT_PLATFORM, formatPlatform, platformMatches, type Platform } from './platform.js';
import { platformImage, platformManifests, type ImageSummary, type PlatformImage } from './summary.js';

/** Where manifests and blobs come from: `RegistryClient`'s `fetchManifest` and `fetchBlob`. */
export interface ImageSource {
  fetchManifest(ref: NormalizedReference): Promise<{ digest: string; mediaType: string; bytes: Uint8Array }>;
  fetchBlob(ref: NormalizedReference, digest: string, options?: { maxBytes?: number }): Promise<Uint8Array>;
}

export interface LoadOptions {
  /** The platform to show of an index. Without it: linux/amd64 when present, else the first image. */
  platform?: Platform;
}

/** Image configs are small JSON documents; this bounds what a broken or hostile registry can make basepin read. */

/**
 * The summary of what `ref` (by tag or digest) points at. Throws `ImageError` (also when `options.platform` is not
 * what a single-platform image is for) and whatever `source` throws.
 */
export async function loadImage(
  source: ImageSource,
  ref: NormalizedReference,
  options: LoadOptions = {},
): Promise<ImageSummary> {
  const top = await source.fetchManifest(ref);
  const manifest = parseManifest(top.bytes, top.mediaType, top.digest);
  const described = { digest: top.digest, mediaType: top.mediaType, size: top.bytes.length };
  if (manifest.kind === 'image') {
    const image = await loadPlatformImage(source, ref, described, manifest, options.platform);
    return { digest: top.digest, mediaType: top.mediaType, platforms: null, image };
  }
  const child = selectPlatform(manifest.children, options.platform, top.digest);
  const fetched = await source.fetchManifest(byDigest(ref, child.digest));
  const childManifest = parseManifest(fetched.bytes, fetched.mediaType || child.mediaType, child.digest);
  if (childManifest.kind !== 'image') {
    throw new ImageError(`index ${top.digest} lists ${child.digest} as an image, but it is another index`, {
      reason: 'format',
      digest: child.digest,
    });
  }
  const image = await loadPlatformImage(
    source,
    ref,
    { ...child, mediaType: fetched.mediaType || child.mediaType },
    childManifest,
  );
  return { digest: top.digest, mediaType: top.mediaType, platforms: platformManifests(manifest.children), image };
}

/**
 * The child of an index to show: the one for `wanted`, or without `wanted` linux/amd64 when present, else the first
 * child that is not an attestation. Throws `ImageError` (`platform`) when there is none.
 */
export function selectPlatform(
  children: readonly IndexChild[],
  wanted: Platform | undefined,
  indexDigest: string,
): IndexChild {
  const images = children.filter((child) => !child.attestation && child.platform !== null);
  const matching = (platform: Platform) => images.find((child) => platformMatches(platform, child.platform!));
  const chosen = wanted === undefined ? (matching(DEFAULT_PLATFORM) ?? images[0]) : matching(wanted);
  if (chosen !== undefined) return chosen;
  const offered = images.map((child) => formatPlatform(child.platform!)).join(', ') || 'none';
  const asked = wanted === undefined ? 'any platform' : formatPlatform(wanted);
  throw new ImageError(`index ${indexDigest} has no image for ${asked} (it has: ${offered})`, {
    reason: 'platform',
    digest: indexDigest,
  });
}

async function loadPlatformImage(
  source: ImageSource,
  ref: NormalizedReference,
  described: Descriptor,
  manifest: Extract<Manifest, { kind: 'image' }>,
  required?: Platform,
): Promise<PlatformImage> {
  const bytes = await source.fetchBlob(ref, manifest.config.digest, { maxBytes: defaults.maxConfigBytes });
  const config = parseConfig(bytes, manifest.config.digest);
  if (required !== undefined && !platformMatches(required, config.platform)) {
    const message = `${described.digest} is a single-platform image for ${formatPlatform(config.platform)}, not ${formatPlatform(required)}`;
    throw new ImageError(message, { reason: 'platform', digest: described.digest });
  }
  return platformImage(described, manifest.config, manifest.layers, config);
}
