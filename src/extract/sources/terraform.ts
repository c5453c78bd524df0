import { type BodyItem, HclReader } from '../hcl/reader.js';
import { imageInString } from '../common/string-image.js';
import type { StringSpan } from '../common/string-image.js';
import type { Extractor, Found } from '../types.js';

/** Resources and data sources of the Docker provider whose `name` is an image. */
const DOCKER_IMAGE_NAMES = new Set(['docker_image', 'docker_registry_image']);

/** Blocks of the Kubernetes provider's resources that are containers with an `image`. */
const KUBERNETES_CONTAINERS = new Set(['container', 'init_container', 'ephemeral_container']);

/**
 * Terraform (`*.tf`): the `name` of `docker_image` resources and `docker_registry_image` data sources, the `image` of
 * `docker_container` and `docker_service` (`task_spec.container_spec`) resources, and the `image` of every
 * `container`, `init_container` and `ephemeral_container` block of a `kubernetes_*` resource. Only string literals:
 * an image from a variable, a reference or `${...}` is skipped or left out (`docker_image.app.image_id` is no string).
 * @throws ExtractError when the file is not HCL.
 */
export const terraformExtractor: Extractor<'terraform'> = {
  kind: 'terraform',
  matches: (path) => /\.tf$/.test(path),
  extract(text) {
    const reader = new HclReader(text);
    const spans: StringSpan[] = [];
    const attribute = (items: BodyItem[], name: string) => {
      const item = items.find((one) => one.kind === 'attribute' && one.name === name);
      const span = item && reader.attributeString(item);
      if (span) spans.push(span);
    };
    const blocks = (items: BodyItem[], names: ReadonlySet<string>): BodyItem[][] =>
      items
        .filter((one) => one.kind === 'block')
        .flatMap((block) => {
          const body = reader.body(block.from, block.to);
          return names.has(block.name) ? [body, ...blocks(body, names)] : blocks(body, names);
        });
    for (const item of reader.body(0, reader.tokens.length)) {
      if (item.kind !== 'block' || (item.name !== 'resource' && item.name !== 'data')) continue;
      const type = reader.label(item);
      const body = reader.body(item.from, item.to);
      if (type !== undefined && DOCKER_IMAGE_NAMES.has(type)) attribute(body, 'name');
      else if (type === 'docker_container') attribute(body, 'image');
      else if (type === 'docker_service')
        blocks(body, new Set(['container_spec'])).forEach((spec) => attribute(spec, 'image'));
      else if (type?.startsWith('kubernetes_')) {
        blocks(body, KUBERNETES_CONTAINERS).forEach((container) => attribute(container, 'image'));
      }
    }
    return spans
      .flatMap((span): Found[] => {
        const found = imageInString('terraform', text, span);
        return found ? [found] : [];
      })
      .sort((a, b) => a.start - b.start);
  },
};
