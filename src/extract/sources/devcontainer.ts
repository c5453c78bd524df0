import { jsonMember, jsonStringSpan, parseJsonc } from '../json/documents.js';
import { imageInString } from '../common/string-image.js';
import type { Extractor } from '../types.js';

const DEVCONTAINER_NAME = /(?:^|\/)(?:\.devcontainer\.json|\.devcontainer\/(?:[^/]+\/)?devcontainer\.json)$/;

/**
 * Dev container configurations (`.devcontainer/devcontainer.json`, `.devcontainer.json`,
 * `.devcontainer/NAME/devcontainer.json`): the top-level `image`. Comments and trailing commas are allowed and
 * left as they are. A second top-level `image` is an error: the dev container CLI would use it, not the first.
 */
export const devcontainerExtractor: Extractor<'devcontainer'> = {
  kind: 'devcontainer',
  matches: (path) => DEVCONTAINER_NAME.test(path),
  extract(text) {
    const span = jsonStringSpan(jsonMember(parseJsonc(text), 'image', text), text);
    const found = span && imageInString('devcontainer', text, span);
    return found ? [found] : [];
  },
};
