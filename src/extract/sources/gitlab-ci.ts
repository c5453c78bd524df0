import { type Document, isScalar, isSeq } from 'yaml';
import { inSourceOrder } from '../common/found-at.js';
import type { Extractor, Found } from '../types.js';
import { parseYamlDocuments } from '../yaml/documents.js';
import { type YamlNode, elements, entries, field } from '../yaml/nodes.js';
import { scalarImage } from '../yaml/scalars.js';

/** Top-level keys that are not jobs (hidden `.jobs` are templates, read like jobs). */
const GLOBAL_KEYWORDS = new Set([
  ...['default', 'include', 'stages', 'variables', 'workflow', 'spec'],
  // Job settings written at the top level (deprecated in favour of `default:`), and the old name of `stages`.
  ...['image', 'services', 'cache', 'before_script', 'after_script', 'types'],
]);

/**
 * GitLab CI files: the `image` (a string or its `name`) and each of the `services` (strings or their `name`) of the
 * top level, of `default:` and of every job, hidden jobs included, in every document (a `spec:` header is one).
 * `!reference [...]` tags are not references; images using `$VARIABLE`s are skipped.
 */
export const gitlabCiExtractor: Extractor<'gitlab-ci'> = {
  kind: 'gitlab-ci',
  matches: (path) => /(?:^|\/)\.gitlab-ci\.yml$/.test(path),
  extract(text) {
    return inSourceOrder(parseYamlDocuments(text).flatMap((document) => images(document, text)));
  },
};

function images(document: Document.Parsed, text: string): Found[] {
  const root = document.contents;
  const jobs = entries(document, root).flatMap(([key, job]) => (GLOBAL_KEYWORDS.has(key) ? [] : [job]));
  return [root, field(document, root, 'default'), ...jobs].flatMap((owner) => {
    const services = field(document, owner, 'services');
    const listed = isReference(services) ? [] : elements(document, services);
    return [field(document, owner, 'image'), ...listed].flatMap(
      (node) => scalarImage('gitlab-ci', text, named(document, node)) ?? [],
    );
  });
}

/** The scalar naming an image: the node itself or its `name:`; nothing behind a `!reference` tag. */
function named(document: Document.Parsed, node: YamlNode | undefined): YamlNode | undefined {
  if (isReference(node)) return undefined;
  return isScalar(node) ? node : field(document, node, 'name');
}

/** Whether `node` is a `!reference [job, key]` to another job's value (which basepin reads there). */
function isReference(node: YamlNode | undefined): boolean {
  return node?.tag === '!reference';
}

/**
 * The files a GitLab CI file includes from its own repository (`include: local: PATH`, or a bare path), as written:
 * relative to the repository's root, a leading `/` allowed. Remote, project, template and component includes are
 * other repositories' files; paths with wildcards or variables are not followed. None when the text is not YAML.
 */
export function gitlabLocalIncludes(text: string): string[] {
  let documents: Document.Parsed[];
  try {
    documents = parseYamlDocuments(text);
  } catch {
    return [];
  }
  return documents.flatMap((document) => {
    const include = field(document, document.contents, 'include');
    const items = isSeq(include) ? elements(document, include) : include ? [include] : [];
    return items.flatMap((item) => {
      const local = isScalar(item) ? item : field(document, item, 'local');
      const path = isScalar(local) ? local.value : undefined;
      if (typeof path !== 'string' || /^[a-z][a-z0-9+.-]*:\/\//i.test(path) || /[*$]/.test(path)) return [];
      return [path];
    });
  });
}
