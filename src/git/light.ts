/** The commit author, for the CLI's option parsing, which must not load the git runner. */

export { DEFAULT_AUTHOR, parseAuthor } from './author.js';
