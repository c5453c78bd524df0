/** The dependency graph as text for people, as Mermaid and as Graphviz DOT. Pure. */

import type { DependencyGraph } from './graph.js';

/** Repositories with what they use and publish, then the chains. */
export function graphText(graph: DependencyGraph): string {
  const lines: string[] = [];
  for (const repository of graph.repositories) {
    lines.push(`${repository.repo} (${[repository.branch, repository.mode].filter(Boolean).join(', ')})`);
    for (const { image, at } of repository.uses) lines.push(`  uses ${image} in ${at.join(', ')}`);
    for (const image of repository.publishes) lines.push(`  publishes ${image}`);
    if (repository.error !== undefined) lines.push(`  error: ${repository.error}`);
  }
  if (graph.chains.length > 0) {
    lines.push('', 'Chains:', ...graph.chains.map((chain) => `  ${chain.join(' -> ')}`));
  }
  return `${lines.join('\n')}\n`;
}

/** A left-to-right flowchart: images as boxes, repositories as rounded nodes, publishing as dotted edges. */
export function graphMermaid(graph: DependencyGraph): string {
  const ids = nodeIds(graph);
  const label = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;
  const lines = ['flowchart LR'];
  for (const [name, id] of ids.images) lines.push(`  ${id}[${label(name)}]`);
  for (const [name, id] of ids.repositories) lines.push(`  ${id}(${label(name)})`);
  for (const repository of graph.repositories) {
    const repo = ids.repositories.get(repository.repo)!;
    for (const { image, at } of repository.uses)
      lines.push(`  ${ids.images.get(image)} -- ${label(at.join(', '))} --> ${repo}`);
    for (const image of repository.publishes) lines.push(`  ${repo} -. publishes .-> ${ids.images.get(image)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A Graphviz digraph: images as boxes, repositories as ellipses, publishing as dashed edges. */
export function graphDot(graph: DependencyGraph): string {
  const ids = nodeIds(graph);
  const quote = (text: string) => `"${text.replace(/[\\"]/g, '\\$&')}"`;
  const lines = ['digraph basepin {', '  rankdir=LR;'];
  for (const [name, id] of ids.images) lines.push(`  ${id} [shape=box, label=${quote(name)}];`);
  for (const [name, id] of ids.repositories) lines.push(`  ${id} [shape=ellipse, label=${quote(name)}];`);
  for (const repository of graph.repositories) {
    const repo = ids.repositories.get(repository.repo)!;
    for (const { image, at } of repository.uses)
      lines.push(`  ${ids.images.get(image)} -> ${repo} [label=${quote(at.join(', '))}];`);
    for (const image of repository.publishes)
      lines.push(`  ${repo} -> ${ids.images.get(image)} [style=dashed, label="publishes"];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Short node identifiers (`i0`, `r0`) for every image and repository, in order of appearance. */
function nodeIds(graph: DependencyGraph): { images: Map<string, string>; repositories: Map<string, string> } {
  const images = new Map<string, string>();
  const repositories = new Map<string, string>();
  for (const repository of graph.repositories) {
    if (!repositories.has(repository.repo)) repositories.set(repository.repo, `r${repositories.size}`);
    for (const image of [...repository.uses.map((use) => use.image), ...repository.publishes]) {
      if (!images.has(image)) images.set(image, `i${images.size}`);
    }
  }
  return { images, repositories };
}
