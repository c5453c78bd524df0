/** basepin as a library: the same pieces the command line is made of. */
export { run, type Report, type Resolver, type RunOptions, type Problem } from './run.js';
export { loadConfig, ConfigError } from './config/index.js';
export type { Config, RegistryConfig } from './config/index.js';
export { extractors, extractorFor, ExtractError, type Extractor, type Found, type Kind } from './extract/index.js';
export { RegistryClient, RegistryError } from './registry/index.js';
export * from './reference/index.js';
export type { Entry, ReferenceRecord, Status } from './plan/index.js';
export type { Reason } from './plan/index.js';
export { doctor, EngineClient, findEngineEndpoint, type DoctorReport } from './engine/index.js';
export {
  diffImages,
  loadImage,
  summarizeChange,
  summarizeDiff,
  type ImageDiff,
  type ImageSummary,
} from './image/index.js';
export { loadDependents, buildGraph, type Dependent } from './dependents/index.js';
export { propagate, survey } from './propagate/index.js';
export { startService } from './serve/index.js';
