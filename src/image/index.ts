/**
 * Images without pulling them: summaries of manifests and configs, platform selection, the diff between two images
 * and its text forms. Pure: manifests and blobs come in through an `ImageSource`.
 */

export { diffImages, diffLabels, type ImageDiff, type LabelChange, type PlatformChanges } from './diff.js';
export { summarizeChange } from './change.js';
export { describeDiff, summarizeDiff } from './diff-text.js';
export { ImageError, type ImageErrorReason } from './errors.js';
export { describeImage } from './inspect-text.js';
export { loadImage, selectPlatform, type ImageSource, type LoadOptions } from './load.js';
export { isIndexMediaType, parseManifest, type Descriptor, type IndexChild, type Manifest } from './manifest.js';
export { DEFAULT_PLATFORM, formatPlatform, parsePlatform, platformMatches, type Platform } from './platform.js';
export { formatSize } from './size.js';
export type { HistoryStep, ImageSummary, Layer, PlatformImage, PlatformManifest } from './summary.js';
