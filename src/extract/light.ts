/** What the error map needs of the extractors without loading them: the error a file that cannot be read throws. */
export { ExtractError } from './errors.js';
