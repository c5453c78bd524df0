/** Propagation: move every dependent repository's pins of an image to the digest its tag points at now. */

export type { Move } from './moves.js';
export { propagate, type PropagateOptions } from './propagate.js';
export { survey, type SurveyOptions, type Surveyed, type SurveyedReference } from './survey.js';
export { imageTarget, PropagationError, proposalBranch, type ImageTarget } from './target.js';
export type { DependentResult, DependentStatus, DescribeChange, Propagation } from './types.js';
export { inShard, normalizeRepo, parseShard, shardOf, type Shard } from './shard.js';
export { indexedDependents, loadUsageIndex, parseUsageIndex, UsageIndexError, type UsageIndex } from './usage-index.js';
