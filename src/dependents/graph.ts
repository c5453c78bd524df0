/**
 * The dependency graph of the dependents: which repositories use which images (in which files), which images they
 * publish, and the chains where one repository's published image is another's base. Pure.
 */

import type { Mode } from './types.js';

/** One repository as surveyed: what it references now and what it says it publishes. */
export interface RepositoryUsage {
  repo: string;
  base?: string;
  dependent: { mode: Mode; publishes: readonly string[] };
  references: ReadonlyArray<{ image: string; file: string; line: number }>;
  error?: string;
}

export interface GraphRepository {
  repo: string;
  branch?: string;
  mode: Mode;
  publishes: string[];
  /** Each image used, with every place that uses it (`file:line`). */
  uses: Array<{ image: string; at: string[] }>;
  error?: string;
}

export interface DependencyGraph {
  repositories: GraphRepository[];
  /**
   * Each chain alternates repository and image: `[repo, image, repo, image, repo, ...]`, where each repository
   * publishes the image after it and each image is used by the repository after it. It starts at a repository that
   * uses no image another dependent publishes, and goes as far as it can.
   */
  chains: string[][];
}

export function buildGraph(usages: readonly RepositoryUsage[]): DependencyGraph {
  const repositories = usages.map((usage): GraphRepository => {
    const uses = new Map<string, string[]>();
    for (const { image, file, line } of usage.references)
      uses.set(image, [...(uses.get(image) ?? []), `${file}:${line}`]);
    return {
      repo: usage.repo,
      ...(usage.base === undefined ? {} : { branch: usage.base }),
      mode: usage.dependent.mode,
      publishes: [...usage.dependent.publishes],
      uses: [...uses].map(([image, at]) => ({ image, at })),
      ...(usage.error === undefined ? {} : { error: usage.error }),
    };
  });
  return { repositories, chains: chainsOf(repositories) };
}

function chainsOf(repositories: readonly GraphRepository[]): string[][] {
  const published = new Set(repositories.flatMap((repository) => repository.publishes));
  const users = (image: string) =>
    repositories.filter((repository) => repository.uses.some((use) => use.image === image));
  const chains: string[][] = [];
  const extend = (path: string[], repository: GraphRepository) => {
    const next = repository.publishes.flatMap((image) =>
      users(image)
        .filter((user) => !path.includes(user.repo))
        .map((user) => [image, user] as const),
    );
    if (next.length === 0 && path.length > 1) chains.push(path);
    for (const [image, user] of next) extend([...path, image, user.repo], user);
  };
  for (const repository of repositories) {
    if (!repository.uses.some((use) => published.has(use.image))) extend([repository.repo], repository);
  }
  return chains;
}
