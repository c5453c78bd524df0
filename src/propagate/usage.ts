/**
 * Who uses which image, as a survey found it: lets the service's propagations visit only the dependents that use
 * their image, instead of fetching and updating every dependent for every push. Pure.
 */

import type { Dependent } from '../dependents/index.js';
import type { Surveyed } from './survey.js';
import type { ImageTarget } from './target.js';

export interface Usage {
  /** When the survey started, in milliseconds since the epoch: what it found was true at some moment after that. */
  surveyedAt: number;
  /** Normalized `name:tag` -> the dependents that reference it. */
  users: ReadonlyMap<string, readonly Dependent[]>;
  /** The dependents the survey could not read in full: any of them may use any image. */
  unknown: readonly Dependent[];
}

/** What `surveyed` (a survey started at `surveyedAt`) says about who uses which image. */
export function usageOf(surveyed: readonly Surveyed[], surveyedAt: number): Usage {
  const users = new Map<string, Dependent[]>();
  for (const { dependent, references } of surveyed) {
    for (const image of new Set(references.map((reference) => reference.image)))
      users.set(image, [...(users.get(image) ?? []), dependent]);
  }
  const unknown = surveyed.filter((one) => one.error !== undefined).map((one) => one.dependent);
  return { surveyedAt, users, unknown };
}

export interface Freshness {
  now: number;
  /** Older usage is not trusted. */
  maxAgeMs: number;
}

/**
 * The dependents of `all` (in their order) a propagation of `target`'s image visits: those `usage` says use it, and
 * those whose usage is unknown. Without usage, or with usage older than `maxAgeMs`, every dependent: a dependent may
 * have started using the image since.
 */
export function dependentsToVisit(
  target: ImageTarget,
  all: readonly Dependent[],
  usage: Usage | undefined,
  freshness: Freshness,
): Dependent[] {
  if (usage === undefined || freshness.now - usage.surveyedAt > freshness.maxAgeMs) return [...all];
  const visited = new Set([...(usage.users.get(target.image) ?? []), ...usage.unknown]);
  return all.filter((dependent) => visited.has(dependent));
}
