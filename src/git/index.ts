/** git as a child process: clone-like fetches into reusable work trees, commits, pushes; credentials redacted. */

export { DEFAULT_AUTHOR, parseAuthor, type GitAuthor } from './author.js';
export { checkoutClean, ensureRepository, fetchBranches } from './checkout.js';
export { commitFiles, sameChange } from './commit.js';
export { pushHead, type PushOptions } from './push.js';
export { redact } from './redact.js';
export { lsRemote, parseLsRemote, type RemoteHeads } from './remote.js';
export { git, GitError, type GitOptions } from './run.js';
