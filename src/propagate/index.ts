/** Propagation: move every dependent repository's pins of an image to the digest its tag points at now. */

export { propagate } from './propagate.js';
export { survey } from './survey.js';

export { inShard, normalizeRepo, parseShard, shardOf } from './shard.js';
export type { DependentStatus } from './types.js';
export type { DescribeChange } from './types.js';
export type { UpdatePullRequestResult } from './update-pull-request.js';
export type { Usage } from './usage.js';
export type { UsageIndex } from './usage-index.js';
export { UsageIndexError } from './usage-index.js';
export { defaultWorkdir } from './workdir.js';
export { dependentsToVisit } from './usage.js';
export { updatePullRequest } from './update-pull-request.js';
export { usageOf } from './usage.js';
export type { Propagation } from './types.js';
export { loadUsageIndex } from './usage-index.js';
