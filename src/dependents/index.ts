/** The repositories that build from watched images: `basepin-dependents.yaml`, its schema, and their graph. */

export { completeForge, remoteLocation } from './forge.js';
export { buildGraph, type DependencyGraph, type GraphRepository, type RepositoryUsage } from './graph.js';
export { graphDot, graphMermaid, graphText } from './graph-render.js';
export { DEPENDENTS_FILE, loadDependents } from './load.js';
export { dependentsSchema } from './schema.js';
export type { Dependent, ForgeSettings, Mode } from './types.js';
export { validateDependents } from './validate.js';
