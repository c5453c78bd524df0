import type { Reason, Entry } from '../../plan/index.js';
import { short } from '../text.js';
import type { ReportContext } from './types.js';

/** Why a reference or file needs attention; also the rule ids of SARIF and the check names of GitLab. */
export type Rule = 'unpinned' | 'stale' | 'error' | 'skipped';

/** One thing that needs attention after this run, in the terms every machine format reports. */
export interface Finding {
  rule: Rule;
  file: string;
  /** 1-based; 0 for a problem with a whole file. */
  line: number;
  column: number;
  /** The reference as written; undefined for a file-level problem. */
  image?: string;
  message: string;
  /** For the rule `error` on a reference: what kind of failure (plan/reason.ts); undefined for a file-level problem. */
  reason?: Reason;
}

/** Each rule: its short description, and its help for code scanning. */
export const RULES: Record<Rule, { text: string; help: string }> = {
  unpinned: {
    text: 'Image reference not pinned to a digest',
    help:
      'A tag can be pushed again, so builds from it are not reproducible. `basepin pin` writes the digest the tag ' +
      'points at now (name:tag@sha256:...), keeping the tag for people to read.',
  },
  stale: {
    text: 'Pinned digest is no longer what the tag points at',
    help:
      'The tag was pushed again since the reference was pinned, so builds use an older image than the tag names. ' +
      '`basepin update` moves the pin to the current digest; `basepin diff IMAGE --from DIGEST` shows what changed.',
  },
  error: {
    text: 'Image reference could not be checked',
    help:
      'The reference is invalid, the file cannot be read, or the registry could not be asked (credentials, network). ' +
      'The message says which; `basepin check --verbose` logs every registry request.',
  },
  skipped: {
    text: 'Image reference basepin cannot pin',
    help:
      'The reference depends on something basepin cannot know (a variable without a default, an image built ' +
      'locally). Give the variable a default, or mark the line with a `# basepin: ignore` comment.',
  },
};

/**
 * What still needs attention after this run: references that are unpinned or stale and were not fixed by it (with
 * `--dry-run` nothing was), references and files that could not be handled, and references basepin had to skip
 * (never the ones the user chose to ignore). `withSkipped` false leaves the skipped ones out.
 */
export function findings(context: ReportContext, withSkipped = true): Finding[] {
  const { report, dryRun } = context;
  const fixed = (entry: Entry) => entry.wrote !== undefined && !dryRun;
  const fromEntries = report.entries.flatMap((entry): Finding[] => {
    const rule = ruleOf(entry);
    if (rule === undefined || (rule !== 'error' && fixed(entry)) || (rule === 'skipped' && !withSkipped)) return [];
    const { line, column } = entry.found.at ?? entry.found;
    const reason = rule === 'error' ? { reason: entry.reason ?? 'internal' } : {};
    return [
      { rule, file: entry.file, line, column, image: entry.found.image, message: message(entry, rule), ...reason },
    ];
  });
  const fromFiles = report.problems.map(({ file, line, column, message }): Finding => {
    return { rule: 'error', file, line, column, message };
  });
  return [...fromEntries, ...fromFiles];
}

function ruleOf(entry: Entry): Rule | undefined {
  if (entry.status === 'skipped') return entry.ignored ? undefined : 'skipped';
  return entry.status === 'pinned' ? undefined : entry.status;
}

function message(entry: Entry, rule: Rule): string {
  const image = entry.found.image;
  switch (rule) {
    case 'unpinned':
      return `${image} is not pinned to a digest${entry.current ? `; the tag points at ${entry.current}` : ''}. Run \`basepin pin\`.`;
    case 'stale':
      return `${image} is pinned to ${short(entry.ref!.digest!)}, but the tag now points at ${entry.current}. Run \`basepin update\`.`;
    default:
      return `${image}: ${entry.message ?? entry.status}`;
  }
}
