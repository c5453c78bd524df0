import { type NormalizedReference, byDigest } from '../reference/index.js';
import { diffImages } from './diff.js';
import { summarizeDiff } from './diff-text.js';
import { loadImage, type ImageSource } from './load.js';

/**
 * The short summary (`- created …`, `- labels …`, `- layers …`) of what changed when `image`'s pin moved from digest
 * `from` to digest `to`: the text `update` prints and `propagate` puts in pull requests.
 */
export async function summarizeChange(
  source: ImageSource,
  image: NormalizedReference,
  from: string,
  to: string,
): Promise<string> {
  const at = (digest: string): NormalizedReference => byDigest(image, digest);
  return summarizeDiff(diffImages(await loadImage(source, at(from)), await loadImage(source, at(to))));
}
