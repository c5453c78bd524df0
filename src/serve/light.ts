/** The parsers of `serve`'s options and payload errors, for the CLI and the configuration: no server, no propagation. */

export { parseDuration, parseListen } from './duration.js';
export { PayloadError, parseAliases } from './hint.js';
