/**
 * Reconciles one dependent with one image's digest (level, not edge): fetch the branch as the remote has it now, run
 * `update --image` in the work tree, and if anything moved, commit once and push, then open or update the pull
 * request. A failure is returned, never thrown.
 *
 * The remote branch itself is the lock that holds across machines: every push is `--force-with-lease` on the commit
 * the change was computed from (the branch, or basepin's proposal branch), so of two processes updating one
 * dependent (two shards, a duplicate run) only one push wins. The loser fetches again and recomputes from git and
 * the registry: it then finds the dependent current (or the proposal unchanged) and pushes nothing. Just before
 * pushing, the tag is resolved again: when a newer push has moved it meanwhile, this propagation is `superseded`
 * and pushes nothing (the newer push's propagation moves the dependent), so an older digest never overwrites a
 * newer one.
 */

import { loadConfig } from '../config/index.js';
import type { Dependent } from '../dependents/index.js';
import { BudgetSpentError, forgeClient, type ForgeClient, type RequestBudget } from '../forge/index.js';
import { commitFiles, pushHead, redact, sameChange, type GitAuthor } from '../git/index.js';
import type { Entry } from '../plan/index.js';
import type { ImageSource } from '../image/index.js';
import { run } from '../run.js';
import { defaults } from '../defaults.js';
import { checkoutBase } from './checkout-base.js';
import { fixedResolver } from './fixed-resolver.js';
import { commitMessage, pullRequestBody, title } from './message.js';
import { movesOf, problemsOf, type Move } from './moves.js';
import type { ImageTarget } from './target.js';
import type { DependentResult } from './types.js';
import { withWorkTree } from './workspace.js';

export interface ReconcileContext {
  workdir: string;
  lockWaitMs: number;
  author: GitAuthor;
  /** Where forge tokens are read from. */
  env: Record<string, string | undefined>;
  /** What changed in the image since the digest `from`, for the commit message and pull request body (memoized by the caller). */
  describe: (from: string) => Promise<string | undefined>;
  /** Reads manifests and blobs by digest (the propagation's resolver), to keep platform pins on their platform. */
  reader: ImageSource;
  /** The media type of the digest, when the registry said. */
  mediaType?: string;
  /** The digest the tag points at now, asked again just before each push. */
  current: () => Promise<string>;
  /** The content-creating forge requests (pull requests opened or edited) this propagation may still make. */
  budget?: RequestBudget;
}

const BUDGET_SPENT = 'the pull request budget is spent; a later run opens the pull request';

/** A dependent's result before its pull request. */
type Change = Omit<DependentResult, 'repo' | 'pullRequest' | 'error'>;

/** One dependent to move to one image's digest. */
interface Job {
  dependent: Dependent;
  target: ImageTarget;
  digest: string;
  author: GitAuthor;
  describe: ReconcileContext['describe'];
  resolving: { reader: ImageSource; mediaType?: string };
  current: ReconcileContext['current'];
}

export async function reconcile(
  dependent: Dependent,
  target: ImageTarget,
  digest: string,
  context: ReconcileContext,
): Promise<DependentResult> {
  const repo = redact(dependent.repo);
  const resolving = { reader: context.reader, mediaType: context.mediaType };
  const { author, describe, current } = context;
  const job: Job = { dependent, target, digest, author, describe, resolving, current };
  let change: Change;
  let forge: ForgeClient | undefined;
  try {
    // A missing token fails the dependent before anything is pushed.
    forge =
      dependent.mode === 'pull-request' && dependent.forge !== undefined
        ? forgeClient(dependent.forge, context.env, context.budget)
        : undefined;
    // With the budget spent, a pull request could not be opened: leave the dependent to a later run, untouched.
    if (forge !== undefined && context.budget?.spent())
      return { repo, status: 'deferred', moves: [], error: BUDGET_SPENT };
    change = await withWorkTree(context.workdir, dependent.repo, context.lockWaitMs, (dir) => commitAndPush(dir, job));
  } catch (error) {
    return { repo, status: 'failed', moves: [], error: redact((error as Error).message) };
  }
  if (forge === undefined || (change.status !== 'updated' && change.status !== 'unchanged')) return { repo, ...change };
  try {
    const body = pullRequestBody(
      target.image,
      digest,
      change.moves,
      await descriptions(change.moves, context.describe),
    );
    const proposal = { branch: change.branch!, base: change.base!, title: title(target.image, digest), body };
    return { repo, ...change, pullRequest: await forge.ensurePullRequest(proposal) };
  } catch (error) {
    if (error instanceof BudgetSpentError)
      return { repo, ...change, status: 'deferred', error: `pushed ${change.branch}; ${BUDGET_SPENT}` };
    return {
      repo,
      ...change,
      status: 'failed',
      error: `pushed ${change.branch}, but ${redact((error as Error).message)}`,
    };
  }
}

async function commitAndPush(dir: string, job: Job): Promise<Change> {
  for (let attempt = 1; ; attempt += 1) {
    const change = await attemptOnce(dir, job);
    if (change !== 'rejected') return change;
    if (attempt >= defaults.propagation.pushAttempts)
      throw new Error('the branch kept moving on the remote while basepin pushed; the next run will catch up');
  }
}

async function attemptOnce(
  dir: string,
  { dependent, target, digest, author, describe, resolving, current }: Job,
): Promise<Change | 'rejected'> {
  const proposing = dependent.mode === 'pull-request';
  const {
    base,
    baseCommit,
    extraCommit: proposed,
  } = await checkoutBase(dir, dependent, proposing ? target.branch : undefined);
  const report = await run({
    command: 'update',
    cwd: dir,
    paths: dependent.paths,
    config: await loadConfig(dir),
    imageRef: target.ref,
    resolver: fixedResolver(target.image, digest, resolving),
    confineTo: dir,
  });
  const problems = problemsOf(report);
  if (problems !== undefined) throw new Error(problems);
  const moves = movesOf(report);
  if (moves.length === 0) return { status: standing(report.entries), base, moves };

  const files = report.changes.map((change) => change.file);
  const message = commitMessage(target.image, digest, moves, await descriptions(moves, describe));
  const commit = await commitFiles(dir, files, message, author);
  const branch = proposing ? target.branch : base;
  if (proposed !== undefined && (await sameChange(dir, commit, proposed))) {
    return { status: 'unchanged', base, branch, commit: proposed, moves };
  }
  if ((await current()) !== digest) return { status: 'superseded', base, moves: [] };
  const pushed = await pushHead(dir, dependent.repo, branch, { lease: proposing ? (proposed ?? '') : baseCommit });
  return pushed === 'rejected' ? 'rejected' : { status: 'updated', base, branch, commit, moves };
}

/** The description of each distinct old digest that has one. */
async function descriptions(
  moves: readonly Move[],
  describe: ReconcileContext['describe'],
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const from of new Set(moves.map((move) => move.from))) {
    const text = await describe(from);
    if (text !== undefined && text.trim() !== '') result.set(from, text);
  }
  return result;
}

/** Why nothing moved: no reference to the image, references that pin no digest (`basepin pin` is theirs), or current. */
function standing(entries: readonly Entry[]): 'unused' | 'unpinned' | 'current' {
  if (entries.length === 0) return 'unused';
  return entries.some((entry) => entry.ref?.digest) ? 'current' : 'unpinned';
}
