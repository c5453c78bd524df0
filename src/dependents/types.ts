/** `basepin-dependents.yaml`, after validation: the repositories that build from images basepin watches. */

/** `pull-request`: push to a basepin branch and open (or update) a pull request; `push`: commit to the branch itself. */
export type Mode = 'pull-request' | 'push';

/** Where pull requests for a repository are opened. */
export interface ForgeSettings {
  type: 'github' | 'gitlab';
  /**
   * API base URL: `https://api.github.com`, `https://github.example.com/api/v3`, `https://gitlab.com/api/v4`. HTTPS,
   * unless the host is loopback.
   */
  api: string;
  /** `owner/name` on GitHub, `group/subgroup/name` on GitLab. */
  project: string;
  /** The environment variable holding the API token. */
  tokenEnv: string;
}

export interface Dependent {
  /** A git URL or an absolute local path, as git accepts it. */
  repo: string;
  /** The branch to update; the remote's default branch when absent. */
  branch?: string;
  /** Files and directories to search, relative to the repository root. */
  paths: string[];
  mode: Mode;
  /** Images this repository builds and pushes, normalized `name:tag`. */
  publishes: string[];
  /** Absent: branches are pushed, but no pull request is opened. */
  forge?: ForgeSettings;
}
