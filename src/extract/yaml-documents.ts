import { type Document, parseAllDocuments } from 'yaml';
import { lineColumn } from './found-at.js';
import { ExtractError } from './types.js';

/**
 * Every document of a YAML stream (`---` separated), with the source ranges extractors need. Unknown tags such
 * as GitLab's `!reference` are kept on their nodes (the parser only warns about them).
 * @throws ExtractError at the first syntax error.
 */
export function parseYamlDocuments(text: string): Document.Parsed[] {
  const documents = parseAllDocuments(text, { prettyErrors: false });
  for (const document of documents) {
    const [error] = document.errors;
    if (error) {
      const { line, column } = lineColumn(text, error.pos[0]);
      throw new ExtractError(`invalid YAML: ${error.message}`, line, column);
    }
  }
  return documents;
}
