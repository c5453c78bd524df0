/**
 * The local container engine (Docker, or podman's Docker-compatible service) over its Engine API, and `doctor`, which
 * compares the images it caches with the registry's and with the pins.
 */

export { EngineClient, type EngineVersion, type LocalImage } from './client.js';
export { doctor, type DoctorEntry, type DoctorReport, type DoctorStatus } from './doctor.js';
export { findEngineEndpoint, parseEngineHost, type EngineEndpoint } from './endpoint.js';
export { EngineError } from './errors.js';
export { cacheStatus, needsPlatformDigest, type TagState } from './freshness.js';
export { engineImageName, engineRepository, repoDigestDigests } from './names.js';
export type { PullProgress } from './pull-stream.js';
export { registryAuthHeader } from './registry-auth.js';
export type { TagRegistry } from './tag-check.js';
