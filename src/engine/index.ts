/**
 * The local container engine (Docker, or podman's Docker-compatible service) over its Engine API, and `doctor`, which
 * compares the images it caches with the registry's and with the pins.
 */

export { EngineClient, type EngineClientOptions, type EngineVersion, type LocalImage, type PullOptions } from './client.js';
export { doctor, type DoctorEntry, type DoctorOptions, type DoctorReport, type DoctorStatus } from './doctor.js';
export { DEFAULT_ENGINE_HOST, findEngineEndpoint, parseEngineHost, type EngineEndpoint, type EngineEnvironment } from './endpoint.js';
export { EngineError, type EngineErrorReason } from './errors.js';
export { cacheStatus, needsPlatformDigest, type CacheStatus, type TagState } from './freshness.js';
export { engineImageName, engineRepository, repoDigestDigests } from './names.js';
export type { PullProgress } from './pull-stream.js';
export { registryAuthHeader, type RegistryAuth } from './registry-auth.js';
export type { TagRegistry } from './tag-check.js';
