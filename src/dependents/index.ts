/** The repositories that build from watched images: `basepin-dependents.yaml`, its schema, and their graph. */

export { completeForge, remoteLocation } from './forge.js';
export { buildGraph, type RepositoryUsage } from './graph.js';
export { graphDot, graphMermaid, graphText } from './graph-render.js';
export { loadDependents } from './load.js';

export type { Dependent } from './types.js';
export { validateDependents } from './validate.js';
export type { DependencyGraph } from './graph.js';
export type { ForgeSettings } from './types.js';
