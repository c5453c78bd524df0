/** Propagation: move every dependent repository's pins of an image to the digest its tag points at now. */

export { propagate } from './propagate.js';
export { survey } from './survey.js';

export { inShard, normalizeRepo, parseShard, shardOf } from './shard.js';
