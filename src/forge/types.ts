/** What basepin asks of a forge: one open pull request per branch, with the given title and body. */

export interface PullRequestProposal {
  /** The branch basepin pushed. */
  branch: string;
  /** The branch to merge into. */
  base: string;
  title: string;
  body: string;
}

export interface PullRequest {
  /** The web page of the pull (merge) request. */
  url: string;
  number: number;
  /** `unchanged`: it was already open with this title and body. */
  action: 'created' | 'updated' | 'unchanged';
}

export interface ForgeClient {
  /** Opens a pull request for `branch`, or brings the open one's title and body up to date. Throws ForgeError. */
  ensurePullRequest(proposal: PullRequestProposal): Promise<PullRequest>;
}
