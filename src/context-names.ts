/**
 * The named build contexts of a run (see extract/build-contexts.ts for where they are defined), gathered from the
 * files the run reads, the build scripts its walk found, and, when only part of a git repository is given, the
 * repository's Bake, Compose and CI files and scripts (read for names only, bounded). Names a file scopes to one
 * Dockerfile apply to that Dockerfile; the others to every Dockerfile.
 */

import path from 'node:path';
import { defaults } from './defaults.js';
import { buildContexts, type ContextDefinition, extractorFor, flagContextNames, type Kind } from './extract/index.js';
import { discover, isBuildScript, readBuildScript, unwalkedRoots } from './files/index.js';

/** Context names by the Dockerfile (its absolute path) that sees them. */
export class ContextNames {
  private readonly everywhere = new Set<string>();
  private readonly byDockerfile = new Map<string, Set<string>>();

  /** `cwd`: the directory the run's file names are relative to. */
  constructor(private readonly cwd: string) {}

  /** Records what `file` (relative to the working directory, forward slashes) defines. */
  add(file: string, definitions: readonly ContextDefinition[]): void {
    for (const { names, dockerfile } of definitions) {
      const key = dockerfile === undefined ? undefined : path.resolve(this.cwd, path.dirname(file), dockerfile);
      let set = this.everywhere;
      if (key !== undefined) {
        set = this.byDockerfile.get(key) ?? new Set();
        this.byDockerfile.set(key, set);
      }
      for (const name of names) set.add(name);
    }
  }

  /** The names the Dockerfile `file` sees. */
  for(file: string): ReadonlySet<string> {
    const own = this.byDockerfile.get(path.resolve(this.cwd, file));
    return own === undefined ? this.everywhere : new Set([...this.everywhere, ...own]);
  }
}

export interface ContextSources {
  cwd: string;
  paths: readonly string[];
  confine?: string;
  /** The files the run read, with their kind and text. */
  scanned: ReadonlyArray<{ file: string; text: string; kind: Kind }>;
  /** Build scripts the walk found (read here for their flags). */
  scripts: Iterable<string>;
  /** Every file the run found (not read again). */
  seen: ReadonlySet<string>;
}

/** The context names of a run. */
export async function collectContextNames(sources: ContextSources): Promise<ContextNames> {
  const names = new ContextNames(sources.cwd);
  for (const { file, text, kind } of sources.scanned) names.add(file, buildContexts(kind, file, text));
  const read = (file: string) =>
    readBuildScript(path.resolve(sources.cwd, file), {
      maxBytes: defaults.maxBuildScriptBytes,
      confine: sources.confine,
    });
  for (const file of sources.scripts) names.add(file, [{ names: flagContextNames(read(file) ?? '') }]);

  const roots = unwalkedRoots(sources.paths, sources.cwd);
  if (roots.length === 0) return names;
  const defining = new Set<string>(['bake', 'compose', 'github-actions', 'gitlab-ci']);
  const kindOf = (file: string) => extractorFor(file)?.kind;
  const { files } = await discover(roots, {
    cwd: sources.cwd,
    wanted: (file) => !sources.seen.has(file) && (defining.has(kindOf(file) ?? '') || isBuildScript(file)),
  });
  for (const file of files) {
    const text = read(file);
    const kind = kindOf(file);
    if (text !== undefined)
      names.add(file, kind === undefined ? [{ names: flagContextNames(text) }] : buildContexts(kind, file, text));
  }
  return names;
}
