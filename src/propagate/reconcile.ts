/**
 * Reconciles one dependent with one image's digest (level, not edge): fetch the branch as the remote has it now, run
 * `update --image` in the work tree, and if anything moved, commit once and push (to the branch itself, or with
 * `--force-with-lease` to basepin's proposal branch), then open or update the pull request. When the remote branch
 * moved during the push, everything is redone once from a fresh fetch. A failure is returned, never thrown.
 */

import { loadConfig } from '../config/load.js';
import type { Dependent } from '../dependents/types.js';
import { forgeClient, type ForgeClient } from '../forge/index.js';
import { commitFiles, pushHead, redact, sameChange, type GitAuthor } from '../git/index.js';
import type { Entry } from '../plan/types.js';
import type { ImageSource } from '../image/index.js';
import { run } from '../run.js';
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
}

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
}

/** How many times the fetch-update-commit-push cycle runs when the remote branch keeps moving under it. */
const ATTEMPTS = 2;

export async function reconcile(
  dependent: Dependent,
  target: ImageTarget,
  digest: string,
  context: ReconcileContext,
): Promise<DependentResult> {
  const repo = redact(dependent.repo);
  const resolving = { reader: context.reader, mediaType: context.mediaType };
  const job: Job = { dependent, target, digest, author: context.author, describe: context.describe, resolving };
  let change: Change;
  let forge: ForgeClient | undefined;
  try {
    // A missing token fails the dependent before anything is pushed.
    forge = dependent.mode === 'pull-request' && dependent.forge !== undefined ? forgeClient(dependent.forge, context.env) : undefined;
    change = await withWorkTree(context.workdir, dependent.repo, context.lockWaitMs, (dir) => commitAndPush(dir, job));
  } catch (error) {
    return { repo, status: 'failed', moves: [], error: redact((error as Error).message) };
  }
  if (forge === undefined || (change.status !== 'updated' && change.status !== 'unchanged')) return { repo, ...change };
  try {
    const body = pullRequestBody(target.image, digest, change.moves, await descriptions(change.moves, context.describe));
    const proposal = { branch: change.branch!, base: change.base!, title: title(target.image, digest), body };
    return { repo, ...change, pullRequest: await forge.ensurePullRequest(proposal) };
  } catch (error) {
    return { repo, ...change, status: 'failed', error: `pushed ${change.branch}, but ${redact((error as Error).message)}` };
  }
}

async function commitAndPush(dir: string, job: Job): Promise<Change> {
  for (let attempt = 1; ; attempt += 1) {
    const change = await attemptOnce(dir, job);
    if (change !== 'rejected') return change;
    if (attempt === ATTEMPTS) throw new Error('the branch kept moving on the remote while basepin pushed; the next run will catch up');
  }
}

async function attemptOnce(dir: string, { dependent, target, digest, author, describe, resolving }: Job): Promise<Change | 'rejected'> {
  const proposing = dependent.mode === 'pull-request';
  const { base, extraCommit: proposed } = await checkoutBase(dir, dependent, proposing ? target.branch : undefined);
  const report = await run({
    command: 'update',
    cwd: dir,
    paths: dependent.paths,
    config: await loadConfig(dir),
    image: target.image,
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
  const pushed = await pushHead(dir, dependent.repo, branch, proposing ? { lease: proposed ?? '' } : {});
  return pushed === 'rejected' ? 'rejected' : { status: 'updated', base, branch, commit, moves };
}

/** The description of each distinct old digest that has one. */
async function descriptions(moves: readonly Move[], describe: ReconcileContext['describe']): Promise<Map<string, string>> {
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
