import { loadConfig } from '../../config/load.js';
import { describeDiff, diffImages, loadImage, type ImageDiff } from '../../image/index.js';
import { familiarString, isDigest, type NormalizedReference } from '../../reference/index.js';
import type { Io } from '../io.js';
import type { Register } from '../program.js';
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
  const [from, to] = sides(images, options.from);
  const platform = platformOption(options.platform);
  const config = await loadConfig(io.cwd, options.config);
  const diff = await withRegistry(config, options, io, async (registry) =>
    diffImages(await loadImage(registry, from, { platform }), await loadImage(registry, to, { platform })),
  );
  if (diff === undefined) return 2;
  const [fromText, toText] = [familiarString(from), familiarString(to)];
  io.stdout.write(options.json ? `${JSON.stringify(diffJson(fromText, toText, diff), null, 2)}\n` : `${fromText} → ${toText}\n${describeDiff(diff)}`);
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
  if (pin === null) throw new UsageError('give two images, or IMAGE --from DIGEST (or IMAGE:TAG@DIGEST): from that pin to the tag now');
  if (!isDigest(pin)) throw new UsageError(`--from ${pin}: not a digest (sha256:...)`);
  if (ref.tag === null) throw new UsageError(`${images[0]}: --from compares with the tag now, so the image needs a tag`);
  return [{ ...ref, tag: null, digest: pin }, { ...ref, digest: null }];
}

/** The `--json` shape: the diff, with each side's reference as compared. */
function diffJson(from: string, to: string, diff: ImageDiff) {
  return { ...diff, from: { reference: from, ...diff.from }, to: { reference: to, ...diff.to } };
}

export const registerDiff: Register = (program, io, exit) => {
  program
    .command('diff')
    .description('show what changed between two images: created time, labels, layers, history and platforms')
    .argument('<images...>', 'IMAGE@DIGEST_A IMAGE@DIGEST_B, or one IMAGE with --from DIGEST (from that pin to the tag now)')
    .option('--from <digest>', 'compare this digest of IMAGE with what its tag points at now')
    .option('--platform <os/arch[/variant]>', 'the platform to compare of multi-platform images (default: linux/amd64)')
    .option('--json', 'print machine-readable JSON')
    .option('--config <file>', 'configuration file (default: .basepin.yaml if present)')
    .option('-v, --verbose', 'log every registry request on stderr')
    .action(async (images: string[], options: DiffOptions) => {
      if (images.length > 2) throw new UsageError('diff compares two images');
      exit(await diffCommand(images, options, io));
    });
};
