/** Propagation: move every dependent repository's pins of an image to the digest its tag points at now. */

export { propagate } from './propagate.js';
export { survey } from './survey.js';

export { inShard, normalizeRepo, parseShard, shardOf } from './shard.js';
export type { DependentStatus, DescribeChange, Propagation } from './types.js';
export { type UpdatePullRequestResult, updatePullRequest } from './update-pull-request.js';
export { type Usage, dependentsToVisit, usageOf } from './usage.js';
export { type UsageIndex, UsageIndexError, loadUsageIndex } from './usage-index.js';
export { defaultWorkdir } from './workdir.js';
