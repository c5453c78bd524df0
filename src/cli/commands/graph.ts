import { type DependencyGraph, graphDot, graphMermaid, graphText } from '../../dependents/index.js';
import type { Io } from '../io.js';
import { printable, printableLines } from '../printable.js';
import { UsageError } from '../usage-error.js';
import { dependentsSetup, type DependentsOptions } from './propagate.js';

interface GraphOptions extends DependentsOptions {
  format: string;
  json?: boolean;
}

/** The graph's formats (`--format`). */
export const GRAPH_FORMATS: Record<string, (graph: DependencyGraph) => string> = {
  text: graphText,
  json: (graph) => `${JSON.stringify(graph, null, 2)}\n`,
  mermaid: graphMermaid,
  dot: graphDot,
};

/** `basepin graph`: survey every dependent (changing nothing) and print the graph; 2 if a repository could not be read. */
export async function graphCommand(options: GraphOptions, io: Io): Promise<number> {
  if (options.json && options.format !== 'text' && options.format !== 'json') {
    throw new UsageError(`--json and --format ${options.format} ask for different formats: choose one`);
  }
  const format = options.json ? 'json' : options.format;
  const render = GRAPH_FORMATS[format];
  if (render === undefined)
    throw new UsageError(`--format ${format}: must be one of ${Object.keys(GRAPH_FORMATS).join(', ')}`);
  const { dependents, workdir, concurrency } = await dependentsSetup(options, io);
  const { survey } = await import('../../propagate/index.js');
  const { buildGraph } = await import('../../dependents/index.js');
  const graph = buildGraph(await survey(dependents, { workdir, concurrency }));
  io.stdout.write(format === 'json' ? render(graph) : printableLines(render(graph)));
  for (const repository of graph.repositories.filter((one) => one.error !== undefined)) {
    io.stderr.write(`${printable(repository.repo)}: error: ${printable(repository.error!)}\n`);
  }
  return graph.repositories.some((repository) => repository.error !== undefined) ? 2 : 0;
}
