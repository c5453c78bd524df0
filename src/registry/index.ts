/** The registry client: resolves image names to manifest digests and fetches manifests and blobs over the distribution HTTP API. */

export { RegistryClient, type ImageName, type RegistryClientOptions } from './client.js';
export { RegistryError, type RegistryErrorReason } from './errors.js';
export type { Manifest } from './manifest.js';
export type { Resolved } from './resolve.js';
export type { Waiting, WaitingNotices } from './waiting.js';
