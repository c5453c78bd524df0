/** The forge's error type, for the error map, which must not load the forge clients and undici. */

export { ForgeError } from './errors.js';
