/**
 * Images without pulling them: summaries of manifests and configs, platform selection, the diff between two images
 * and its text forms. Pure: manifests and blobs come in through an `ImageSource`.
 */

export { diffImages, diffLabels, type ImageDiff } from './diff.js';
export { summarizeChange } from './change.js';
export { describeDiff, summarizeDiff } from './diff-text.js';
export { ImageError } from './errors.js';
export { describeImage } from './inspect-text.js';
export { loadImage, selectPlatform, type ImageSource } from './load.js';
export { isIndexMediaType, parseManifest, type IndexChild } from './manifest.js';
export { formatPlatform, parsePlatform, platformMatches, type Platform } from './platform.js';
export { formatSize } from './size.js';
export type { HistoryStep, ImageSummary, Layer } from './summary.js';
export { parseConfig } from './config.js';
