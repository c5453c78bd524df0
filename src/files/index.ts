/** Files: discovery, bounded reads, atomic writes, leftovers of killed runs, GitLab includes, unread files. */
export { type FileIdentity, FileChangedError, readRegularFile } from './read.js';
export { discover } from './discover.js';
export { extractContext } from './extract-context.js';
export { isBuildScript, readBuildScript, unwalkedRoots } from './build-scripts.js';
export { removeLeftovers, running } from './leftovers.js';
export { unreadFiles } from './unread.js';
export { withGitlabIncludes } from './gitlab-includes.js';
export { writeFileAtomic } from './write.js';
