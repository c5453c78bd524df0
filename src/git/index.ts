/** git as a child process: clone-like fetches into reusable work trees, commits, pushes; credentials redacted. */

export { DEFAULT_AUTHOR, parseAuthor, type GitAuthor } from './author.js';
export { checkoutClean, ensureRepository, fetchBranches } from './checkout.js';
export { commitFiles, sameChange } from './commit.js';
export { pushHead } from './push.js';
export { redact } from './redact.js';
export { lsRemote } from './remote.js';
export { git, GitError } from './run.js';
