/**
 * Which images each dependent references now: fetch its branch into the work tree and list references, like
 * `basepin ls`, without asking any registry. Feeds `basepin graph` and the service's periodic full reconcile.
 */

import { loadConfig } from '../config/index.js';
import type { Dependent } from '../dependents/index.js';
import { redact } from '../git/index.js';
import { effectiveTag, repositoryName } from '../reference/index.js';
import { run } from '../run.js';
import { checkoutBase } from './checkout-base.js';
import { defaults } from '../defaults.js';
import { problemsOf } from './moves.js';
import { mapBounded } from '../concurrency.js';
import { withWorkTree } from './workspace.js';
import { defaultWorkdir } from './workdir.js';

export interface SurveyedReference {
  file: string;
  line: number;
  /** `name:tag`, or just `name` for a reference by digest alone. */
  image: string;
  /** Null for a reference by digest alone. */
  tag: string | null;
  digest: string | null;
}

export interface Surveyed {
  dependent: Dependent;
  /** The repository URL, credentials redacted. */
  repo: string;
  /** The branch surveyed. */
  base?: string;
  references: SurveyedReference[];
  /** Why the repository (or some of its files) could not be read. */
  error?: string;
}

export interface SurveyOptions {
  workdir?: string;
  concurrency?: number;
}

/** Every dependent's references; a dependent that cannot be read has an `error` and the others are still surveyed. */
export function survey(dependents: readonly Dependent[], options: SurveyOptions = {}): Promise<Surveyed[]> {
  const workdir = options.workdir ?? defaultWorkdir();
  return mapBounded(dependents, options.concurrency ?? defaults.propagation.concurrency, async (dependent) => {
    const repo = redact(dependent.repo);
    try {
      return await withWorkTree(workdir, dependent.repo, defaults.propagation.lockWaitMs, async (dir) => {
        const { base } = await checkoutBase(dir, dependent);
        const report = await run({
          command: 'ls',
          cwd: dir,
          paths: dependent.paths,
          config: await loadConfig(dir),
          confineTo: dir,
        });
        const references = report.entries.flatMap(({ file, found, ref, status }) => {
          if (ref === undefined || status === 'skipped') return [];
          const tag = effectiveTag(ref);
          const image = tag === null ? repositoryName(ref) : `${repositoryName(ref)}:${tag}`;
          return [{ file, line: (found.at ?? found).line, image, tag, digest: ref.digest }];
        });
        const problems = problemsOf(report);
        return { dependent, repo, base, references, ...(problems === undefined ? {} : { error: problems }) };
      });
    } catch (error) {
      return { dependent, repo, references: [], error: redact((error as Error).message) };
    }
  });
}
