/** The registry client: resolves image names to manifest digests and fetches manifests and blobs over the distribution HTTP API. */

export { RegistryClient, type ImageName, type RegistryClientOptions } from './client.js';
export { RegistryError } from './errors.js';

export type { Waiting } from './waiting.js';
