import type { DependencyGraph } from '../../dependents/graph.js';
import { graphDot, graphMermaid, graphText } from '../../dependents/graph-render.js';
import type { Io } from '../io.js';
import type { Register } from '../program.js';
import { UsageError } from '../usage-error.js';
import { dependentsSetup, withDependentsOptions, type DependentsOptions } from './propagate.js';

interface GraphOptions extends DependentsOptions {
  format: string;
  json?: boolean;
}

const FORMATS: Record<string, (graph: DependencyGraph) => string> = {
  text: graphText,
  json: (graph) => `${JSON.stringify(graph, null, 2)}\n`,
  mermaid: graphMermaid,
  dot: graphDot,
};

/** `basepin graph`: survey every dependent (changing nothing) and print the graph; 2 if a repository could not be read. */
export async function graphCommand(options: GraphOptions, io: Io): Promise<number> {
  const format = options.json ? 'json' : options.format;
  const render = FORMATS[format];
  if (render === undefined) throw new UsageError(`--format ${format}: must be one of ${Object.keys(FORMATS).join(', ')}`);
  const { dependents, workdir, concurrency } = await dependentsSetup(options, io);
  const { survey } = await import('../../propagate/survey.js');
  const { buildGraph } = await import('../../dependents/graph.js');
  const graph = buildGraph(await survey(dependents, { workdir, concurrency }));
  io.stdout.write(render(graph));
  for (const repository of graph.repositories.filter((one) => one.error !== undefined)) {
    io.stderr.write(`${repository.repo}: error: ${repository.error}\n`);
  }
  return graph.repositories.some((repository) => repository.error !== undefined) ? 2 : 0;
}

export const registerGraphCommand: Register = (program, io, exit) => {
  withDependentsOptions(program.command('graph'))
    .description('show which repositories use which images, and the chains between them, changing nothing')
    .option('--format <format>', `output format: ${Object.keys(FORMATS).join(', ')}`, 'text')
    .option('--json', 'the same as --format json')
    .action(async (options: GraphOptions) => exit(await graphCommand(options, io)));
};
