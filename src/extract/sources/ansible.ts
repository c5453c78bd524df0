import { type Document, isMap, isSeq } from 'yaml';
import type { Extractor, Found } from '../types.js';
import { namedImages, yamlImages } from '../yaml/images.js';
import { type YamlNode, elements, entries, field } from '../yaml/nodes.js';

/** Role task and handler files, and playbooks (`playbooks/*.yml`, `playbook.yml`, `site.yml`). */
const ANSIBLE_NAME =
  /(?:^|\/)roles\/[^/]+\/(?:tasks|handlers)\/[^/]+\.ya?ml$|(?:^|\/)playbooks?\/[^/]+\.ya?ml$|(?:^|\/)(?:playbook|site)\.ya?ml$/;

/** The modules that run a container from an `image:`, short and fully qualified. */
const CONTAINER_MODULES = new Set(
  ['community.docker.docker_container', 'containers.podman.podman_container'].flatMap((name) => [
    name,
    name.split('.')[2]!,
  ]),
);

/**
 * Ansible role tasks and handlers and playbooks: the `image` of every `docker_container` and `podman_container` task
 * (short or fully qualified module names), at any depth (plays, `block`, `rescue`, `always`). Jinja (`{{ tag }}`) makes
 * an image skipped.
 */
export const ansibleExtractor: Extractor<'ansible'> = {
  kind: 'ansible',
  matches: (path) => ANSIBLE_NAME.test(path),
  extract(text) {
    return yamlImages(text, (document): Found[] =>
      namedImages('ansible', document, text, moduleImages(document, document.contents, new Set())),
    );
  },
};

function moduleImages(document: Document.Parsed, node: unknown, seen: Set<unknown>): YamlNode[] {
  if (seen.has(node)) return [];
  seen.add(node);
  if (isSeq(node)) return elements(document, node).flatMap((item) => moduleImages(document, item, seen));
  if (!isMap(node)) return [];
  return entries(document, node).flatMap(([key, value]): YamlNode[] => {
    if (!CONTAINER_MODULES.has(key)) return moduleImages(document, value, seen);
    const image = field(document, value, 'image');
    return image && !isMap(image) ? [image] : [];
  });
}
