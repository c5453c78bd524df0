import type { Entry, ReferenceRecord } from '../../plan/index.js';
import { effectiveTag, repositoryName } from '../../reference/index.js';
import type { ReportContext } from './types.js';

/** The `--json` shape of one entry. */
export function toRecord(entry: Entry): ReferenceRecord {
  const { found, ref } = entry;
  return {
    file: entry.file,
    line: found.line,
    column: found.column,
    kind: found.kind,
    image: found.image,
    name: ref ? repositoryName(ref) : null,
    tag: ref ? effectiveTag(ref) : null,
    digest: ref?.digest ?? null,
    current: entry.current,
    status: entry.status,
    message: entry.message ?? null,
    reason: entry.status === 'error' ? (entry.reason ?? 'internal') : null,
    changed: entry.wrote !== undefined,
  };
}

/** `--json`: every reference, every file-level error, and (for update) every pin move with what changed. Exact text. */
export function json(context: ReportContext): string {
  const { report } = context;
  const errors = report.problems.map(({ file, line, column, message }) => ({ file, line, column, message }));
  const moves = context.command === 'update' ? { moves: context.moves } : {};
  return `${JSON.stringify({ references: report.entries.map(toRecord), errors, ...moves }, null, 2)}\n`;
}
