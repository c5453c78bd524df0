import { loadConfig } from '../../config/index.js';
import { describeDiff, diffImages, loadImage, type ImageDiff } from '../../image/index.js';
import { type NormalizedReference, byDigest, familiarString, isDigest, withoutDigest } from '../../reference/index.js';
import type { Io } from '../io.js';
import { printableLines } from '../printable.js';
import { UsageError } from '../usage-error.js';
import { imageArgument, platformOption, withRegistry } from './inspect.js';

export interface DiffOptions {
  from?: string;
  platform?: string;
  json?: boolean;
  config?: string;
  verbose?: boolean;
}

/**
 * `basepin diff A B` (two images, by digest or tag), or `basepin diff IMAGE --from DIGEST` (that pin to the tag now;
 * `IMAGE` may also carry the pin itself: `name:tag@sha256:...`). Reads manifests and configs only.
 */
export async function diffCommand(images: string[], options: DiffOptions, io: Io): Promise<number> {
  if (images.length > 2) throw new UsageError('diff compares two images');
  const [from, to] = sides(images, options.from);
  const platform = platformOption(options.platform);
  const config = await loadConfig(io.cwd, options.config);
  const diff = await withRegistry(config, options, io, async (registry) =>
    diffImages(await loadImage(registry, from, { platform }), await loadImage(registry, to, { platform })),
  );
  const [fromText, toText] = [familiarString(from), familiarString(to)];
  io.stdout.write(
    options.json
      ? `${JSON.stringify(diffJson(fromText, toText, diff), null, 2)}\n`
      : printableLines(`${fromText} → ${toText}\n${describeDiff(diff)}`),
  );
  return 0;
}

/** The two images to compare, older first. Throws `UsageError`. */
function sides(images: string[], fromDigest: string | undefined): [NormalizedReference, NormalizedReference] {
  if (images.length === 2) {
    if (fromDigest !== undefined) throw new UsageError('give two images, or one image with --from, not both');
    return [imageArgument(images[0]!, 'first image'), imageArgument(images[1]!, 'second image')];
  }
  const ref = imageArgument(images[0]!);
  const pin = fromDigest ?? (ref.tag !== null ? ref.digest : null);
  if (pin === null)
    throw new UsageError('give two images, or IMAGE --from DIGEST (or IMAGE:TAG@DIGEST): from that pin to the tag now');
  if (!isDigest(pin)) throw new UsageError(`--from ${pin}: not a digest (sha256:...)`);
  if (ref.tag === null)
    throw new UsageError(`${images[0]}: --from compares with the tag now, so the image needs a tag`);
  return [byDigest(ref, pin), withoutDigest(ref)];
}

/** The `--json` shape: the diff, with each side's reference as compared. */
function diffJson(from: string, to: string, diff: ImageDiff) {
  return { ...diff, from: { reference: from, ...diff.from }, to: { reference: to, ...diff.to } };
}
