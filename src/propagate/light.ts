/** Pure parts of propagation, for modules (the error map, `serve`'s hints) that must not load git, forges or undici. */

export { imageTarget, PropagationError } from './target.js';
