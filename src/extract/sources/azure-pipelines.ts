import { type Document, isMap, isScalar } from 'yaml';
import type { Extractor, Found } from '../types.js';
import { yamlImages } from '../yaml/images.js';
import { type YamlNode, elements, field } from '../yaml/nodes.js';
import { nodesAt } from '../yaml/paths.js';
import { scalarImage } from '../yaml/scalars.js';

/** `azure-pipelines.yml`, `azure-pipelines.ci.yaml`, and the YAML files of a `.azure-pipelines/` directory. */
const AZURE_NAME = /(?:^|\/)(?:azure-pipelines(?:[.-][^/]*)?|\.azure-pipelines\/[^/]+)\.ya?ml$/;

/**
 * Azure Pipelines: each `resources.containers[].image`, and the `container:` of the pipeline and of its jobs (also
 * inside stages), an image string or a mapping with an `image`. A `container:` string naming a container resource
 * (`container: my_alias`) is that resource, read there. `$(variable)` macros make an image skipped.
 */
export const azurePipelinesExtractor: Extractor<'azure-pipelines'> = {
  kind: 'azure-pipelines',
  matches: (path) => AZURE_NAME.test(path),
  extract(text) {
    return yamlImages(text, (document) => images(document, text));
  },
};

function images(document: Document.Parsed, text: string): Found[] {
  const root = document.contents;
  const resources = elements(document, nodesAt(document, root, 'resources.containers')[0]);
  const aliases = new Set(resources.map((resource) => field(document, resource, 'container')).flatMap(stringValue));
  const jobs = [root, ...nodesAt(document, root, 'jobs[]'), ...nodesAt(document, root, 'stages[].jobs[]')];
  const containers = jobs.flatMap((job): YamlNode[] => {
    const container = field(document, job, 'container');
    if (isMap(container)) return [field(document, container, 'image')].filter((node) => node !== undefined);
    return container && !stringValue(container).some((name) => aliases.has(name)) ? [container] : [];
  });
  const nodes = [...resources.map((resource) => field(document, resource, 'image')), ...containers];
  return nodes.flatMap((node) => {
    const found =
      isScalar(node) && typeof node.value === 'string' ? scalarImage('azure-pipelines', text, node) : undefined;
    return found ? [found] : [];
  });
}

function stringValue(node: YamlNode | undefined): string[] {
  return isScalar(node) && typeof node.value === 'string' ? [node.value] : [];
}
