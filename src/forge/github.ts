/**
 * Pull requests through the GitHub REST API (github.com or GitHub Enterprise, whose API lives under `/api/v3`): find
 * the open pull request whose head is the branch, then update it or create one.
 */

import { BudgetSpentError, type RequestBudget } from './budget.js';
import { callApi } from './http.js';
import type { ForgeTransport } from './transport.js';
import type { ForgeClient, PullRequest, PullRequestProposal } from './types.js';

interface GitHubPull {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
}

export class GitHubClient implements ForgeClient {
  private readonly repository: string;

  /**
   * `api`: e.g. `https://api.github.com`; `project`: `owner/name`; `token`: a token, or where to get one (a GitHub
   * App's installation token); `budget`: what creating and editing pull requests take from.
   */
  constructor(
    api: string,
    private readonly project: string,
    private readonly token: string | (() => Promise<string>),
    private readonly transport: ForgeTransport,
    private readonly budget?: RequestBudget,
  ) {
    this.repository = `${api}/repos/${project.split('/').map(encodeURIComponent).join('/')}`;
  }

  async ensurePullRequest(proposal: PullRequestProposal): Promise<PullRequest> {
    const { branch, base, title, body } = proposal;
    const owner = this.project.split('/')[0]!;
    const query = new URLSearchParams({ state: 'open', head: `${owner}:${branch}`, base });
    const [open] = await this.call<GitHubPull[]>('GET', `${this.repository}/pulls?${query}`);
    if (open === undefined) {
      const created = await this.call<GitHubPull>('POST', `${this.repository}/pulls`, {
        title,
        head: branch,
        base,
        body,
      });
      return { url: created.html_url, number: created.number, action: 'created' };
    }
    if (open.title === title && (open.body ?? '') === body)
      return { url: open.html_url, number: open.number, action: 'unchanged' };
    await this.call<GitHubPull>('PATCH', `${this.repository}/pulls/${open.number}`, { title, body });
    return { url: open.html_url, number: open.number, action: 'updated' };
  }

  private async call<T>(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown): Promise<T> {
    if (method !== 'GET' && this.budget !== undefined && !this.budget.take()) throw new BudgetSpentError();
    const token = typeof this.token === 'string' ? this.token : await this.token();
    const headers = {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'x-github-api-version': '2022-11-28',
    };
    return callApi<T>(this.transport, 'GitHub', { method, url, headers, body });
  }
}
