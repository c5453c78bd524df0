import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { mapBounded } from '../concurrency.js';
import type { Config } from '../config/index.js';
import { defaults } from '../defaults.js';
import { extractorFor, firstImageMention } from '../extract/index.js';
import { discover } from './discover.js';
import { extractContext } from './extract-context.js';

/** Prose, where an image named in passing is documentation, not something deployed. */
const PROSE = /\.(?:md|markdown|rst|adoc|txt|html?|sql)$/i;

/** A file that mentions an image in a way basepin does not read. */
export interface Unread {
  file: string;
  /** The line of its first mention, 1-based. */
  line: number;
}

/**
 * The files under `paths` that mention an image (see firstImageMention) but that basepin did not read any reference
 * from: files no extractor claims, and YAML files read as Kubernetes manifests that hold none (an unknown custom
 * resource, say). `referenced` are the files a run found references in. Prose files, files larger than
 * `defaults.unreadMaxBytes` and files that are not text are left out.
 */
export async function unreadFiles(
  cwd: string,
  paths: readonly string[],
  config: Config,
  referenced: ReadonlySet<string>,
): Promise<Unread[]> {
  const unclaimedOrEmpty = (file: string) => {
    if (PROSE.test(file) || referenced.has(file)) return false;
    const kind = extractorFor(file, extractContext(config, path.resolve(cwd, file)))?.kind;
    return kind === undefined || kind === 'kubernetes';
  };
  const { files } = await discover(paths, {
    cwd,
    include: config.include,
    exclude: config.exclude,
    wanted: unclaimedOrEmpty,
  });
  const found = await mapBounded(files.filter(unclaimedOrEmpty), defaults.filesAtOnce, async (file) => {
    const absolute = path.resolve(cwd, file);
    const info = await stat(absolute).catch(() => undefined);
    if (!info?.isFile() || info.size > defaults.unreadMaxBytes) return undefined;
    const text = await readFile(absolute, 'utf8').catch(() => '\0');
    const line = text.includes('\0') ? undefined : firstImageMention(text);
    return line === undefined ? undefined : { file, line };
  });
  return found.filter((one) => one !== undefined);
}
