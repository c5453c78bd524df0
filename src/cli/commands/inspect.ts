import { loadConfig, type Config } from '../../config/index.js';
import {
  describeImage,
  ImageError,
  loadImage,
  parsePlatform,
  type ImageSummary,
  type Platform,
} from '../../image/index.js';
import {
  InvalidReferenceError,
  type NormalizedReference,
  parseNormalized,
  withDefaultTag,
} from '../../reference/index.js';
import { RegistryError } from '../../registry/light.js';
import type { RegistryClient } from '../../registry/index.js';
import type { Io } from '../io.js';
import { printableLines } from '../printable.js';
import { hintedError } from '../hints.js';
import { openRegistry } from '../registry.js';
import { UsageError } from '../usage-error.js';

export interface InspectOptions {
  platform?: string;
  json?: boolean;
  config?: string;
  verbose?: boolean;
}

/** `basepin inspect IMAGE`: the image's manifests and config, read from the registry without pulling layers. */
export async function inspectCommand(image: string, options: InspectOptions, io: Io): Promise<number> {
  const ref = imageArgument(image);
  const platform = platformOption(options.platform);
  const config = await loadConfig(io.cwd, options.config);
  const summary = await withRegistry(config, options, io, (registry) => loadImage(registry, ref, { platform }));
  const json = () => `${JSON.stringify(inspectJson(image, summary), null, 2)}\n`;
  io.stdout.write(options.json ? json() : printableLines(describeImage(image, summary)));
  return 0;
}

/** The `--json` shape: the reference asked about, then the summary. */
function inspectJson(reference: string, summary: ImageSummary) {
  return { reference, ...summary };
}

/** An image argument, normalized; without tag or digest it means `:latest`. Throws `UsageError`. */
export function imageArgument(text: string, what = 'IMAGE'): NormalizedReference {
  let ref: NormalizedReference;
  try {
    ref = parseNormalized(text);
  } catch (error) {
    if (error instanceof InvalidReferenceError) throw new UsageError(`${what} ${text}: ${error.message}`);
    throw error;
  }
  return withDefaultTag(ref);
}

/** `--platform os/arch[/variant]`. Throws `UsageError`. */
export function platformOption(text: string | undefined): Platform | undefined {
  try {
    return text === undefined ? undefined : parsePlatform(text);
  } catch (error) {
    if (error instanceof ImageError) throw new UsageError(`--platform: ${error.message}`);
    throw error;
  }
}

/**
 * Runs `work` with a registry client for `config` (loaded only now: commands that ask no registry start without the
 * HTTP stack) and closes it, whatever happens; what `work` throws goes to the error map (errors.ts).
 */
export async function withRegistry<T>(
  config: Config,
  options: { verbose?: boolean },
  io: Io,
  work: (registry: RegistryClient) => Promise<T>,
): Promise<T> {
  const registry = await openRegistry(config, options, io);
  try {
    return await work(registry);
  } catch (error) {
    // The advice names where the credentials came from, which only this client knows.
    throw error instanceof RegistryError ? hintedError(error, registry) : error;
  } finally {
    await registry.close();
  }
}
