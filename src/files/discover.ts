import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { defaults } from '../defaults.js';
import { isTemporaryName } from './leftovers.js';
import { readRegularFile } from './read.js';

/** Directories never searched, whatever .gitignore says. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

export interface DiscoverOptions {
  /** The working directory: results are relative to it, with forward slashes. */
  cwd: string;
  /** Globs (relative to cwd) a file must match to be searched; empty means every file. */
  include?: readonly string[];
  /** Globs (relative to cwd) of files never searched. */
  exclude?: readonly string[];
  /** Whether a walked file is worth reading (by its relative path). Explicitly named files are always kept. */
  wanted: (file: string) => boolean;
}

export interface Discovered {
  /** Files to read, relative to cwd, sorted, each once. */
  files: string[];
  /** The files among them that were named explicitly (not found by walking a directory). */
  explicit: Set<string>;
  /** Paths that were given but do not exist or cannot be read, and directories met on the way that cannot be listed. */
  missing: { path: string; message: string }[];
  /**
   * basepin's temporary files (see leftovers.ts) in the directories searched and in those of the files named, some
   * perhaps left by a killed run; absolute paths.
   */
  temporaries: string[];
}

/**
 * The files under `paths` (files or directories, default `.`): directories are walked recursively, honouring every
 * `.gitignore` on the way (and the ones above, up to the repository root) and skipping `.git` and `node_modules`.
 * A file named explicitly is kept even when ignored, as git does with `git add -f`.
 */
export async function discover(paths: readonly string[], options: DiscoverOptions): Promise<Discovered> {
  const found = new Set<string>();
  const explicit = new Set<string>();
  const missing: Discovered['missing'] = [];
  const temporaries = new Set<string>();
  const besides = new Set<string>();
  const included = matcher(options.include, true);
  const excluded = matcher(options.exclude, false);
  const keep = (file: string) => included(file) && !excluded(file);

  for (const given of paths.length > 0 ? paths : ['.']) {
    const absolute = path.resolve(options.cwd, given);
    const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      missing.push({ path: given, message: info.code === 'ENOENT' ? 'no such file or directory' : info.message });
    } else if (info.isDirectory()) {
      const root = (await repositoryRoot(absolute)) ?? absolute;
      const walking: Walking = {
        boundary: await realpath(root),
        unlisted: (directory, message) => missing.push({ path: toRelative(options.cwd, directory), message }),
        temporary: (file) => temporaries.add(file),
      };
      for await (const file of walk(absolute, await inheritedRules(absolute, root, walking), walking)) {
        const relative = toRelative(options.cwd, file);
        if (keep(relative) && options.wanted(relative)) found.add(relative);
      }
    } else {
      const relative = toRelative(options.cwd, absolute);
      if (keep(relative)) found.add(relative);
      explicit.add(relative);
      for (const file of await temporariesBeside(absolute, besides)) temporaries.add(file);
    }
  }
  return { files: [...found].sort(), explicit, missing, temporaries: [...temporaries] };
}

/** Ignore rules that apply to one directory: its own .gitignore and every one above it. */
interface Rules {
  base: string;
  rules: Ignore;
}

/** One walk's boundary, and where it reports what it meets on the way. */
interface Walking {
  /** The repository (or the walked directory outside one): links leading out of it are not followed. */
  boundary: string;
  /** A directory (or its .gitignore) that cannot be read: reported, never skipped in silence. */
  unlisted: (directory: string, message: string) => void;
  /** One of basepin's temporary files. */
  temporary: (file: string) => void;
}

/**
 * Every file under `directory` that the ignore rules keep. A link to a file is read through (as docker build reads it)
 * when its target is inside the boundary: a repository cannot make basepin read or rewrite files elsewhere. A broken
 * link, a FIFO or a device is yielded too, so that reading it reports the problem. Links to directories are not
 * followed, as git does not.
 */
async function* walk(directory: string, inherited: Rules[], walking: Walking): AsyncGenerator<string> {
  const entries = await readdir(directory, { withFileTypes: true }).catch((error: Error) => {
    walking.unlisted(directory, `cannot list this directory: ${withoutPath(error)}`);
    return [];
  });
  const own = entries.some((entry) => entry.name === '.gitignore') ? await gitignoreOf(directory, walking) : undefined;
  const scopes = own ? [...inherited, { base: directory, rules: own }] : inherited;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!ALWAYS_SKIPPED.has(entry.name) && !isIgnored(scopes, full, true)) yield* walk(full, scopes, walking);
    } else if (entry.isFile() && isTemporaryName(entry.name)) {
      walking.temporary(full);
    } else if (!entry.isSymbolicLink() || (await linksToFileWithin(full, walking.boundary))) {
      if (!isIgnored(scopes, full, false)) yield full;
    }
  }
}

/**
 * basepin's temporary files in the directory of `file` (a link: also beside its target, where a write goes), unless
 * that directory is in `listed` already; adds the directories it lists to `listed`.
 */
async function temporariesBeside(file: string, listed: Set<string>): Promise<string[]> {
  const found: string[] = [];
  for (const directory of [path.dirname(file), path.dirname(await realpath(file).catch(() => file))]) {
    if (listed.has(directory)) continue;
    listed.add(directory);
    const names = await readdir(directory).catch(() => []);
    found.push(...names.filter(isTemporaryName).map((name) => path.join(directory, name)));
  }
  return found;
}

function isIgnored(scopes: Rules[], full: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const { base, rules } of scopes) {
    const relative = path.relative(base, full).split(path.sep).join('/') + (isDirectory ? '/' : '');
    const result = rules.test(relative);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/** The rules of `directory`'s .gitignore; one that exists but cannot be read is reported (its rules would be missed). */
async function gitignoreOf(directory: string, walking?: Walking): Promise<Ignore | undefined> {
  const file = path.join(directory, '.gitignore');
  try {
    return ignore().add(readRegularFile(file, { maxBytes: defaults.maxFileBytes }).bytes.toString('utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') walking?.unlisted(file, `cannot read: ${withoutPath(error as Error)}`);
    return undefined;
  }
}

/** The root of the git repository `directory` is in, if any. */
async function repositoryRoot(directory: string): Promise<string | undefined> {
  for (let dir = directory; ; dir = path.dirname(dir)) {
    if (await exists(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The .gitignore files of the directories above `directory`, up to `root` (its repository's root). */
async function inheritedRules(directory: string, root: string, walking: Walking): Promise<Rules[]> {
  const scopes: Rules[] = [];
  for (let dir = directory; dir !== root; ) {
    dir = path.dirname(dir);
    const rules = await gitignoreOf(dir, walking);
    if (rules) scopes.unshift({ base: dir, rules });
  }
  return scopes;
}

/** A link to a file inside `boundary`, or a broken link (reading it will say so); not a link to a directory. */
async function linksToFileWithin(link: string, boundary: string): Promise<boolean> {
  const target = await realpath(link).catch(() => undefined);
  if (target === undefined) return true;
  return !(await isDirectory(target)) && target.startsWith(boundary + path.sep);
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );
const isDirectory = (file: string) =>
  stat(file).then(
    (info) => info.isDirectory(),
    () => false,
  );

function matcher(globs: readonly string[] | undefined, whenEmpty: boolean): (file: string) => boolean {
  if (!globs || globs.length === 0) return () => whenEmpty;
  // As in .gitignore, a glob without a slash matches a file's base name in any directory (`*.yaml`).
  const byPath = picomatch(
    globs.filter((glob) => glob.includes('/')),
    { dot: true },
  );
  const byName = picomatch(
    globs.filter((glob) => !glob.includes('/')),
    { dot: true },
  );
  return (file) => byPath(file) || byName(file.slice(file.lastIndexOf('/') + 1));
}

/** Node's message without the path it appends (`EACCES: permission denied, scandir '/x'`): the report names the file. */
function withoutPath(error: Error): string {
  return error.message.replace(/, \w+ '.*'$/s, '');
}

function toRelative(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/') || '.';
}
