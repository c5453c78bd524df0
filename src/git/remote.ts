/** What a remote holds, asked with one `git ls-remote`: its default branch and the commits of chosen branches. */

import { git } from './run.js';

export interface RemoteHeads {
  /** The branch the remote's HEAD points at, when it says. */
  defaultBranch?: string;
  /** Branch name to commit, for the branches asked about that exist. */
  heads: Map<string, string>;
}

/** The remote's default branch and the commits of `branches` (absent ones are left out). */
export async function lsRemote(url: string, branches: readonly string[]): Promise<RemoteHeads> {
  const output = await git(['ls-remote', '--symref', url, 'HEAD', ...branches.map((branch) => `refs/heads/${branch}`)]);
  return parseLsRemote(output, branches);
}

/** Reads `ls-remote --symref` output, keeping only exact matches of `refs/heads/<branch>` (patterns match tails). */
export function parseLsRemote(output: string, branches: readonly string[]): RemoteHeads {
  const result: RemoteHeads = { heads: new Map() };
  for (const line of output.split('\n')) {
    const symref = /^ref: refs\/heads\/(\S+)\tHEAD$/.exec(line);
    if (symref) {
      result.defaultBranch = symref[1];
      continue;
    }
    const [commit, ref] = line.split('\t');
    const branch = ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
    if (commit && branch !== undefined && branches.includes(branch)) result.heads.set(branch, commit);
  }
  return result;
}
