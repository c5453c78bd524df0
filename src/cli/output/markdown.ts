import { defaults } from '../../defaults.js';
import { printable } from '../printable.js';
import { countBy, plural } from '../text.js';
import { findings, RULES } from './findings.js';
import { summaryLine } from './text.js';
import type { ReportContext } from './types.js';

const STATUSES = ['pinned', 'unpinned', 'stale', 'skipped', 'error'] as const;

/**
 * A Markdown summary for job summaries ($GITHUB_STEP_SUMMARY) and merge request notes: a table of how many references
 * have each status, then one row per finding (findings.ts; skipped ones only with `--strict`), at most
 * `defaults.cli.markdownRows` of them.
 */
export function markdown(context: ReportContext): string {
  const counts = countBy(context.report.entries, (entry) => entry.status);
  const out = [
    `### basepin ${context.command}`,
    '',
    summaryLine(context),
    '',
    '| status | references |',
    '| --- | ---: |',
  ];
  for (const status of STATUSES) out.push(`| ${status} | ${counts.get(status) ?? 0} |`);
  if (context.report.problems.length > 0) out.push(`| file errors | ${context.report.problems.length} |`);
  const list = findings(context, context.strict);
  if (list.length > 0) {
    out.push(
      '',
      `${plural(list.length, 'problem')}:`,
      '',
      '| file | line | reference | problem |',
      '| --- | ---: | --- | --- |',
    );
    for (const finding of list.slice(0, defaults.cli.markdownRows)) {
      const line = finding.line > 0 ? String(finding.line) : '';
      const problem = cell(`${RULES[finding.rule].text}: ${finding.message}`);
      out.push(`| ${cell(finding.file)} | ${line} | ${cell(finding.image ?? '')} | ${problem} |`);
    }
    const more = list.length - defaults.cli.markdownRows;
    if (more > 0)
      out.push('', `and ${plural(more, 'more problem')}: see the job log or \`basepin ${context.command}\`.`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * A table cell holding text from files and registries: printable, with HTML and every Markdown character that could
 * start formatting, a link or a new cell escaped, so it reads as the text it is.
 */
function cell(text: string): string {
  return printable(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, '\\$&');
}
