/** The repositories that build from watched images: `basepin-dependents.yaml`, its schema, and their graph. */

export { completeForge, remoteLocation } from './forge.js';
export { buildGraph, type RepositoryUsage, type DependencyGraph } from './graph.js';
export { graphDot, graphMermaid, graphText } from './graph-render.js';
export { loadDependents } from './load.js';

export type { Dependent, ForgeSettings } from './types.js';
export { validateDependents } from './validate.js';
