/**
 * `update-pr`: a repository's own pins, kept current the way Renovate and Dependabot users know. Fetch the branch as
 * the remote has it now into a reusable clone, pin every unpinned reference and move every stale pin there, and if
 * anything changed, commit once to one proposal branch (`basepin/update`), push it with `--force-with-lease`, and
 * open or update the one pull request for it. Level, not edge: a run that finds the proposal branch already holding
 * exactly this change pushes nothing; a run after a merge finds everything current and does nothing.
 */

import { loadConfig } from '../config/index.js';
import { defaults } from '../defaults.js';
import type { ForgeSettings } from '../dependents/index.js';
import { forgeClient, type PullRequest } from '../forge/index.js';
import { commitFiles, DEFAULT_AUTHOR, pushHead, redact, sameChange, type GitAuthor } from '../git/index.js';
import { run, type Resolver } from '../run.js';
import { checkoutBase } from './checkout-base.js';
import { problemList } from './moves.js';
import type { DescribeChange } from './types.js';
import {
  changesOf,
  descriptionKey,
  updateCommitMessage,
  updatePullRequestBody,
  updateTitle,
  type UpdateChange,
} from './update-message.js';
import { defaultWorkdir } from './workdir.js';
import { withWorkTree } from './workspace.js';

export interface UpdatePullRequestOptions {
  /** The repository, as git reaches it: a URL or a local path. */
  repo: string;
  /** The branch to bring up to date (and merge into); default: the remote's default branch. */
  base?: string;
  /** The one branch proposals go to. */
  branch?: string;
  /** Files and directories to search, relative to the repository root (default: all of it). */
  paths?: readonly string[];
  resolver: Resolver;
  /** Where the clone is kept between runs. */
  workdir?: string;
  author?: GitAuthor;
  /** Where the pull request is opened; without it the branch is pushed and no pull request is opened. */
  forge?: ForgeSettings;
  /** Where the forge token is read from. */
  env?: Record<string, string | undefined>;
  /** Adds what changed in each image whose pin moved to the pull request. */
  describeChange?: DescribeChange;
}

/**
 * - `updated`: a commit was pushed to the proposal branch;
 * - `unchanged`: the proposal branch already held exactly this change; nothing was pushed;
 * - `current`: every reference on the base branch is pinned and current; nothing was pushed.
 */
export type UpdatePullRequestStatus = 'updated' | 'unchanged' | 'current';

export interface UpdatePullRequestResult {
  /** The repository, credentials redacted. */
  repo: string;
  status: UpdatePullRequestStatus;
  base: string;
  branch: string;
  /** The commit holding the change. */
  commit?: string;
  changes: UpdateChange[];
  pullRequest?: PullRequest;
  /**
   * Files and references that could not be handled (unreadable, invalid, or not resolvable), as `file:line:column:
   * message`: the proposal holds every other change.
   */
  problems: string[];
}

/** How many times the fetch-change-commit-push cycle runs when the remote branch keeps moving under it. */
const ATTEMPTS = 2;

/**
 * Brings the repository's pins up to date on its proposal branch and pull request. Throws (with credentials redacted)
 * when git or the forge fails, or the forge token is missing (before anything is pushed).
 */
export async function updatePullRequest(options: UpdatePullRequestOptions): Promise<UpdatePullRequestResult> {
  const branch = options.branch ?? defaults.updatePullRequest.branch;
  const forge = options.forge === undefined ? undefined : forgeClient(options.forge, options.env ?? {});
  const workdir = options.workdir ?? defaultWorkdir();
  let result: UpdatePullRequestResult;
  try {
    result = await withWorkTree(workdir, options.repo, defaults.propagation.lockWaitMs, async (dir) => {
      for (let attempt = 1; ; attempt += 1) {
        const outcome = await attemptOnce(dir, branch, options);
        if (outcome !== 'rejected') return outcome;
        if (attempt === ATTEMPTS)
          throw new Error(`${branch} kept moving on the remote while basepin pushed; the next run will catch up`);
      }
    });
  } catch (error) {
    throw new Error(redact((error as Error).message), { cause: error });
  }
  if (forge === undefined || result.status === 'current') return result;
  try {
    const body = updatePullRequestBody(
      result.changes,
      result.base,
      await descriptions(result.changes, options.describeChange),
    );
    const proposal = { branch, base: result.base, title: updateTitle(result.changes), body };
    return { ...result, pullRequest: await forge.ensurePullRequest(proposal) };
  } catch (error) {
    throw new Error(`pushed ${branch}, but ${redact((error as Error).message)}`, { cause: error });
  }
}

async function attemptOnce(
  dir: string,
  branch: string,
  options: UpdatePullRequestOptions,
): Promise<UpdatePullRequestResult | 'rejected'> {
  const repo = redact(options.repo);
  const target = { repo: options.repo, branch: options.base, paths: [], mode: 'pull-request' as const, publishes: [] };
  const { base, extraCommit: proposed } = await checkoutBase(dir, target, branch);
  if (base === branch) throw new Error(`the proposal branch ${branch} cannot be the branch it proposes to`);
  const config = await loadConfig(dir);
  const paths = options.paths === undefined || options.paths.length === 0 ? ['.'] : options.paths;
  const common = { cwd: dir, paths, config, resolver: options.resolver, confineTo: dir };
  // Moves first, then pins: each run rewrites only the references it owns, and the second reads what the first wrote.
  const updated = await run({ ...common, command: 'update' });
  const pinned = await run({ ...common, command: 'pin' });
  const problems = [...new Set([...problemList(updated), ...problemList(pinned)])];
  const changes = [...changesOf(updated), ...changesOf(pinned)].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line,
  );
  if (changes.length === 0) return { repo, status: 'current', base, branch, changes, problems };

  const files = [...new Set([...updated.changes, ...pinned.changes].map((change) => change.file))];
  const commit = await commitFiles(dir, files, updateCommitMessage(changes), options.author ?? DEFAULT_AUTHOR);
  if (proposed !== undefined && (await sameChange(dir, commit, proposed))) {
    return { repo, status: 'unchanged', base, branch, commit: proposed, changes, problems };
  }
  const pushed = await pushHead(dir, options.repo, branch, { lease: proposed ?? '' });
  return pushed === 'rejected' ? 'rejected' : { repo, status: 'updated', base, branch, commit, changes, problems };
}

/** What changed in each image whose pin moved, keyed by `descriptionKey`; one that cannot be read is left out. */
async function descriptions(
  changes: readonly UpdateChange[],
  describe: DescribeChange | undefined,
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (describe === undefined) return result;
  for (const change of changes) {
    const key = descriptionKey(change);
    if (change.from === null || change.from === change.to || result.has(key)) continue;
    const text = await describe(change.image, change.from, change.to).catch(() => undefined);
    if (text !== undefined && text.trim() !== '') result.set(key, text);
  }
  return result;
}
