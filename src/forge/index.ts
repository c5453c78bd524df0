/**
 * Pull requests on GitHub (and GitHub Enterprise) and merge requests on GitLab, with a token from the environment,
 * reached through the environment's proxy and CAs like a registry.
 */

import type { ForgeSettings } from '../dependents/index.js';
import type { RequestBudget } from './budget.js';
import { AppTokens, gitHubAppFrom } from './github-app.js';
import { GitHubClient } from './github.js';
import { GitLabClient } from './gitlab.js';
import { ForgeTransport } from './transport.js';
import type { ForgeClient } from './types.js';

export { BudgetSpentError, parseBudget, RequestBudget } from './budget.js';
export { ForgeError } from './errors.js';

export { GitHubClient } from './github.js';
export { GitLabClient } from './gitlab.js';
export { ForgeTransport, MAX_RESPONSE_BYTES } from './transport.js';
export type { ForgeClient, PullRequest } from './types.js';

/** The environment variable that should hold a forge token is unset or empty. */
export class MissingTokenError extends Error {
  override name = 'MissingTokenError';
  constructor(readonly variable: string) {
    super(`the forge token variable ${variable} is not set`);
  }
}

/** Installation tokens per GitHub API and app, for the life of the process. */
const appTokens = new Map<string, AppTokens>();

/**
 * The client for `settings`, with its token, proxy and CA settings read from `env`: on GitHub, a GitHub App's
 * installation tokens when the app is configured (`BASEPIN_GITHUB_APP_ID`, `BASEPIN_GITHUB_APP_PRIVATE_KEY`), else
 * the token in `settings.tokenEnv`. Throws MissingTokenError when there is neither. Creating and editing pull
 * requests take from `budget`.
 */
export function forgeClient(
  settings: ForgeSettings,
  env: Record<string, string | undefined>,
  budget?: RequestBudget,
): ForgeClient {
  const transport = new ForgeTransport(env);
  const app = settings.type === 'github' ? gitHubAppFrom(env) : undefined;
  if (app !== undefined) {
    const key = `${settings.api}\n${app.id}\n${app.privateKey}`;
    const tokens = appTokens.get(key) ?? new AppTokens(settings.api, app, transport);
    appTokens.set(key, tokens);
    return new GitHubClient(settings.api, settings.project, () => tokens.tokenFor(settings.project), transport, budget);
  }
  const token = env[settings.tokenEnv];
  if (token === undefined || token === '') throw new MissingTokenError(settings.tokenEnv);
  return settings.type === 'github'
    ? new GitHubClient(settings.api, settings.project, token, transport, budget)
    : new GitLabClient(settings.api, settings.project, token, transport, budget);
}
export { callApi } from './http.js';
export { AppTokens, gitHubAppFrom } from './github-app.js';
