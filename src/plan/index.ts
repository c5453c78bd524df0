/** The plan, pure: what each reference is, what a lookup means for it, and the edits that pin it. */
export { type Command, type Lookup, decide, digestToWrite, lookupKey, needsLookup } from './decide.js';
export type { Entry, ReferenceRecord, Status } from './types.js';
export { type FailOn, POLICY, failingStatuses } from './policy.js';
export type { Failure, Reason } from './reason.js';
export { type PinFacts, mayBeIndex, needsPinnedManifest } from './platform-pins.js';
export { RewriteError, applyEdits, verifyRewrite } from './rewrite.js';
export { classify } from './classify.js';
