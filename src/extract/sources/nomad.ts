import { type BodyItem, HclReader } from '../hcl/reader.js';
import { imageInString } from '../common/string-image.js';
import type { Extractor, Found } from '../types.js';

/** The task drivers whose `config { image = "..." }` is a container image. */
const IMAGE_DRIVERS = new Set(['docker', 'podman']);

/**
 * Nomad job files (`*.nomad`, `*.nomad.hcl`): the `config { image = "..." }` of every `task` (and Consul Connect
 * `sidecar_task`) whose `driver` is `docker` or `podman`, in any group of any job. An image built from
 * `${...}` (variables, `NOMAD_META_*`) is skipped.
 * @throws ExtractError when the file is not HCL.
 */
export const nomadExtractor: Extractor<'nomad'> = {
  kind: 'nomad',
  matches: (path) => /\.nomad(?:\.hcl)?$/.test(path),
  extract(text) {
    const reader = new HclReader(text);
    const found: Found[] = [];
    const visit = (items: BodyItem[]): void => {
      for (const item of items.filter((one) => one.kind === 'block')) {
        const body = reader.body(item.from, item.to);
        if (item.name === 'task' || item.name === 'sidecar_task') {
          const driver = body.find((one) => one.name === 'driver');
          const config = body.find((one) => one.kind === 'block' && one.name === 'config');
          const image = config && reader.body(config.from, config.to).find((one) => one.name === 'image');
          const span = image && reader.attributeString(image);
          const one =
            span && IMAGE_DRIVERS.has(driver ? (reader.attributeString(driver)?.value ?? '') : '')
              ? imageInString('nomad', text, span)
              : undefined;
          if (one) found.push(one);
        }
        visit(body);
      }
    };
    visit(reader.body(0, reader.tokens.length));
    return found.sort((a, b) => a.start - b.start);
  },
};
