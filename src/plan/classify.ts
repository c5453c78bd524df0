import { type Found, ignoredByComment } from '../extract/index.js';
import {
  InvalidReferenceError,
  effectiveTag,
  familiarName,
  parseNormalized,
  repositoryName,
  type NormalizedReference,
} from '../reference/index.js';
import type { Entry } from './types.js';

export interface ClassifyOptions {
  /** Image patterns from the configuration's `ignore`. */
  ignore: readonly string[];
  /**
   * The named build contexts the repository defines (lower case; see extract/build-contexts.ts). A Dockerfile
   * reference that names one (`FROM base`, `COPY --from=binary_dir`; as written, without its tag, or as the full name
   * `docker.io/library/alpine`) is replaced by that context at build time: it is skipped, never pinned.
   */
  contexts?: ReadonlySet<string>;
}

/**
 * What a found reference is before any registry is asked: skipped (and why), invalid, unpinned or pinned.
 * Pure: the file's text is only read for ignore comments.
 */
export function classify(file: string, text: string, found: Found, options: ClassifyOptions): Entry {
  const entry = (fields: Partial<Entry> & Pick<Entry, 'status'>): Entry => ({ file, found, current: null, ...fields });
  if (ignoredByComment(text, found)) return entry({ status: 'skipped', message: 'ignored', ignored: true });
  if (found.skip !== undefined) return entry({ status: 'skipped', message: found.skip });
  const context = found.kind === 'dockerfile' ? contextNamed(found.image, options.contexts) : undefined;
  if (context !== undefined) {
    return entry({
      status: 'skipped',
      message: `"${context}" is a named build context of this repository, not an image`,
    });
  }

  let ref: NormalizedReference;
  try {
    ref = parseNormalized(found.image);
  } catch (error) {
    if (error instanceof InvalidReferenceError) {
      return entry({ status: 'error', message: `${error.message}: "${shown(found.image)}"`, reason: 'invalid' });
    }
    throw error;
  }
  const full = found.kind === 'dockerfile' ? [repositoryName(ref), `${repositoryName(ref)}:${effectiveTag(ref)}`] : [];
  const named = full.find((name) => options.contexts?.has(name));
  if (named !== undefined) {
    return entry({
      status: 'skipped',
      message: `"${named}" is a named build context of this repository, not an image`,
    });
  }
  if (matchesAny(options.ignore, ref))
    return entry({ ref, status: 'skipped', message: 'ignored by configuration', ignored: true });
  return entry({ ref, status: ref.digest === null ? 'unpinned' : 'pinned' });
}

/** Longest part of an invalid reference quoted in its message: enough to recognise it, never megabytes. */
const SHOWN_MAX = 120;

function shown(image: string): string {
  return image.length <= SHOWN_MAX ? image : `${image.slice(0, SHOWN_MAX)}... (${image.length} characters)`;
}

/** `*` matches any run of characters (slashes too), `?` one character; a pattern is tried on the short and full name. */
function matchesAny(patterns: readonly string[], ref: Entry['ref'] & object): boolean {
  if (patterns.length === 0) return false;
  const names = [familiarName(ref), repositoryName(ref)];
  const tag = effectiveTag(ref);
  const candidates = tag === null ? names : [...names, ...names.map((name) => `${name}:${tag}`)];
  return patterns.some((pattern) => {
    const regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    return candidates.some((candidate) => regex.test(candidate));
  });
}

/** The context name `image` is (as written, or its name without tag and digest), if any. */
function contextNamed(image: string, contexts: ReadonlySet<string> | undefined): string | undefined {
  if (contexts === undefined || contexts.size === 0) return undefined;
  const written = image.toLowerCase();
  const name = written.replace(/@.*$/, '').replace(/:[^:/]*$/, '');
  return [written, name].find((candidate) => contexts.has(candidate));
}
