import type { Entry, Status } from '../plan/types.js';
import type { Report } from '../run.js';
import type { Io } from './io.js';
import { short } from './format.js';

/** The rules `basepin check --sarif` reports under, one per status that needs attention. */
const RULES: Partial<Record<Status, { level: 'error' | 'warning' | 'note'; text: string }>> = {
  unpinned: { level: 'error', text: 'Image reference not pinned to a digest' },
  stale: { level: 'error', text: 'Pinned digest is no longer what the tag points at' },
  error: { level: 'error', text: 'Image reference could not be checked' },
  skipped: { level: 'note', text: 'Image reference basepin cannot pin' },
};

/**
 * `check --sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab), one result per reference that needs attention and
 * one per file-level problem. Lines and columns are 1-based, like basepin's own.
 */
export function writeSarif(io: Io, report: Report): void {
  const results = [
    ...report.entries.filter((entry) => RULES[entry.status] !== undefined).map(entryResult),
    ...report.problems.map((problem) => result('error', problem.message, problem.file, problem.line, problem.column)),
  ];
  const rules = Object.entries(RULES).map(([id, rule]) => ({
    id,
    shortDescription: { text: rule.text },
    defaultConfiguration: { level: rule.level },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'basepin', informationUri: 'https://www.npmjs.com/package/basepin', rules } }, results }],
  };
  io.stdout.write(`${JSON.stringify(sarif, null, 2)}\n`);
}

function entryResult(entry: Entry) {
  const { line, column } = entry.found.at ?? entry.found;
  return result(entry.status, message(entry), entry.file, line, column);
}

function message(entry: Entry): string {
  const image = entry.found.image;
  switch (entry.status) {
    case 'unpinned':
      return `${image} is not pinned to a digest${entry.current ? `; the tag points at ${entry.current}` : ''}. Run \`basepin pin\`.`;
    case 'stale':
      return `${image} is pinned to ${short(entry.ref!.digest!)}, but the tag now points at ${entry.current}. Run \`basepin update\`.`;
    default:
      return `${image}: ${entry.message ?? entry.status}`;
  }
}

function result(ruleId: string, text: string, file: string, line: number, column: number) {
  const region = line > 0 ? { region: { startLine: line, startColumn: column } } : {};
  return {
    ruleId,
    level: RULES[ruleId as Status]?.level ?? 'error',
    message: { text },
    locations: [{ physicalLocation: { artifactLocation: { uri: file }, ...region } }],
  };
}
