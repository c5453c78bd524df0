/**
 * The forge of a dependent: given in full, given in part (`type` only, the rest read from the repository URL), or
 * inferred for github.com and gitlab.com URLs. Pure.
 */

import type { ForgeSettings } from './types.js';

type ForgeType = ForgeSettings['type'];

const API: Record<ForgeType, (host: string) => string> = {
  github: (host) => (host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`),
  gitlab: (host) => `https://${host}/api/v4`,
};
const TOKEN_ENV: Record<ForgeType, string> = { github: 'GITHUB_TOKEN', gitlab: 'GITLAB_TOKEN' };
const PUBLIC_HOSTS: Record<string, ForgeType> = { 'github.com': 'github', 'gitlab.com': 'gitlab' };

/** The host and project path a git URL names: `https://host/a/b.git`, `ssh://git@host/a/b`, `git@host:a/b.git`. */
export function remoteLocation(repo: string): { host: string; project: string } | undefined {
  let host: string;
  let pathname: string;
  const scpLike = /^(?:[^@/:]+@)?([^/:]+):(?!\/)(.+)$/.exec(repo);
  if (/^(https?|ssh|git):\/\//.test(repo)) {
    let url: URL;
    try {
      url = new URL(repo);
      [host, pathname] = [url.hostname, decodeURIComponent(url.pathname)];
    } catch {
      return undefined; // not a URL basepin can read a project from (the forge must then be given)
    }
  } else if (scpLike) {
    [host, pathname] = [scpLike[1]!, scpLike[2]!];
  } else {
    return undefined;
  }
  const project = pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  return project.includes('/') ? { host, project } : undefined;
}

/** The complete forge settings of a dependent, or why they cannot be completed. */
export function completeForge(
  repo: string,
  given: Partial<ForgeSettings> | undefined,
): { forge?: ForgeSettings } | { problem: string } {
  const location = remoteLocation(repo);
  const type = given?.type ?? (location && PUBLIC_HOSTS[location.host]);
  if (type === undefined) return {};
  const api = given?.api ?? (location && API[type](location.host));
  const project = given?.project ?? location?.project;
  if (api === undefined) return { problem: 'forge.api: cannot be inferred from the repository URL; give it' };
  if (project === undefined) return { problem: 'forge.project: cannot be inferred from the repository URL; give it' };
  return { forge: { type, api: api.replace(/\/+$/, ''), project, tokenEnv: given?.tokenEnv ?? TOKEN_ENV[type] } };
}
