import { type Document, isMap, isSeq } from 'yaml';
import type { Extractor } from '../types.js';
import { namedImages, yamlImages } from '../yaml/images.js';
import { type YamlNode, elements, entries, field } from '../yaml/nodes.js';

/**
 * The docker plugin, however it is named: `docker#v5.11.0`, `buildkite-plugins/docker#v5`,
 * `https://github.com/buildkite-plugins/docker-buildkite-plugin.git#v5` (not `docker-compose#...`).
 */
const DOCKER_PLUGIN = /^(?:.*\/)?docker(?:-buildkite-plugin)?(?:\.git)?(?:#.*)?$/;

/**
 * Buildkite pipelines (`.buildkite/*.yml`, `buildkite.yml`): the `image` of the docker plugin of every step, also in
 * `group` steps. Plugins are a list of single-key mappings (or names) or a mapping of names to settings.
 */
export const buildkiteExtractor: Extractor<'buildkite'> = {
  kind: 'buildkite',
  matches: (path) => /(?:^|\/)(?:\.buildkite\/[^/]+|buildkite)\.ya?ml$/.test(path),
  extract(text) {
    return yamlImages(text, (document) => {
      const root = document.contents;
      const steps = stepsOf(document, isSeq(root) ? root : field(document, root, 'steps'));
      const images = steps.flatMap((step) =>
        plugins(document, field(document, step, 'plugins')).flatMap(([name, settings]) =>
          DOCKER_PLUGIN.test(name) ? (field(document, settings, 'image') ?? []) : [],
        ),
      );
      return namedImages('buildkite', document, text, images);
    });
  },
};

/** The steps of a list, with the steps of its `group` steps. */
function stepsOf(document: Document.Parsed, list: YamlNode | undefined): YamlNode[] {
  return elements(document, list).flatMap((step) => [step, ...stepsOf(document, field(document, step, 'steps'))]);
}

/** A step's plugins as [name, settings] pairs. */
function plugins(document: Document.Parsed, node: YamlNode | undefined): [string, YamlNode | undefined][] {
  if (isMap(node)) return entries(document, node);
  return elements(document, node).flatMap((item) => (isMap(item) ? entries(document, item) : []));
}
