/** Bounded reads of one file, for the configuration, TLS files and dependents file: no discovery, no extractors. */

export { readTextFile, UnreadableFileError } from './read.js';
