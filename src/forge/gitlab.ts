/**
 * Merge requests through the GitLab REST API (v4): find the open merge request from the branch into the base, then
 * update it or create one. The project is addressed by its URL-encoded path.
 */

import { BudgetSpentError, type RequestBudget } from './budget.js';
import { callApi } from './http.js';
import type { ForgeTransport } from './transport.js';
import type { ForgeClient, PullRequest, PullRequestProposal } from './types.js';

interface MergeRequest {
  iid: number;
  web_url: string;
  title: string;
  description: string | null;
}

export class GitLabClient implements ForgeClient {
  private readonly projectUrl: string;

  /** `api`: e.g. `https://gitlab.com/api/v4`; `project`: `group/subgroup/name`. */
  constructor(
    api: string,
    project: string,
    private readonly token: string,
    private readonly transport: ForgeTransport,
    private readonly budget?: RequestBudget,
  ) {
    this.projectUrl = `${api}/projects/${encodeURIComponent(project)}`;
  }

  async ensurePullRequest(proposal: PullRequestProposal): Promise<PullRequest> {
    const { branch, base, title, body } = proposal;
    const query = new URLSearchParams({ state: 'opened', source_branch: branch, target_branch: base });
    const [open] = await this.call<MergeRequest[]>('GET', `${this.projectUrl}/merge_requests?${query}`);
    if (open === undefined) {
      const created = await this.call<MergeRequest>('POST', `${this.projectUrl}/merge_requests`, {
        source_branch: branch,
        target_branch: base,
        title,
        description: body,
        remove_source_branch: true,
      });
      return { url: created.web_url, number: created.iid, action: 'created' };
    }
    if (open.title === title && (open.description ?? '') === body)
      return { url: open.web_url, number: open.iid, action: 'unchanged' };
    await this.call<MergeRequest>('PUT', `${this.projectUrl}/merge_requests/${open.iid}`, { title, description: body });
    return { url: open.web_url, number: open.iid, action: 'updated' };
  }

  private call<T>(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<T> {
    if (method !== 'GET' && this.budget !== undefined && !this.budget.take())
      return Promise.reject(new BudgetSpentError());
    return callApi<T>(this.transport, 'GitLab', {
      method,
      url,
      headers: { authorization: `Bearer ${this.token}` },
      body,
    });
  }
}
