/**
 * Pull requests on GitHub (and GitHub Enterprise) and merge requests on GitLab, with a token from the environment,
 * reached through the environment's proxy and CAs like a registry.
 */

import type { ForgeSettings } from '../dependents/types.js';
import { GitHubClient } from './github.js';
import { GitLabClient } from './gitlab.js';
import { ForgeTransport } from './transport.js';
import type { ForgeClient } from './types.js';

export { ForgeError } from './errors.js';
export { GitHubClient } from './github.js';
export { GitLabClient } from './gitlab.js';
export { ForgeTransport, MAX_RESPONSE_BYTES } from './transport.js';
export type { ForgeClient, PullRequest, PullRequestProposal } from './types.js';

/** The environment variable that should hold a forge token is unset or empty. */
export class MissingTokenError extends Error {
  override name = 'MissingTokenError';
  constructor(readonly variable: string) {
    super(`the forge token variable ${variable} is not set`);
  }
}

/**
 * The client for `settings`, with its token, proxy and CA settings read from `env`; throws MissingTokenError when
 * there is no token.
 */
export function forgeClient(settings: ForgeSettings, env: Record<string, string | undefined>): ForgeClient {
  const token = env[settings.tokenEnv];
  if (token === undefined || token === '') throw new MissingTokenError(settings.tokenEnv);
  const transport = new ForgeTransport(env);
  return settings.type === 'github'
    ? new GitHubClient(settings.api, settings.project, token, transport)
    : new GitLabClient(settings.api, settings.project, token, transport);
}
