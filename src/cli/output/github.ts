import { findings, RULES, type Finding } from './findings.js';
import { summaryLine } from './text.js';
import type { ReportContext } from './types.js';

/**
 * GitHub Actions workflow commands: one annotation per finding (`::error file=F,line=L,col=C,title=T::message`),
 * shown on the pull request's lines; references basepin had to skip are warnings, and only with `--strict` (when
 * they fail the check). Then the summary line, as plain log text.
 */
export function github(context: ReportContext): string {
  const lines = findings(context, context.strict).map(annotation);
  return `${[...lines, summaryLine(context)].join('\n')}\n`;
}

function annotation(finding: Finding): string {
  const level = finding.rule === 'skipped' ? 'warning' : 'error';
  const properties: [string, string | number][] = [['file', finding.file]];
  if (finding.line > 0) properties.push(['line', finding.line], ['col', finding.column]);
  const reason = finding.reason === undefined ? '' : ` (${finding.reason})`;
  properties.push(['title', `basepin: ${RULES[finding.rule].text}${reason}`]);
  const list = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${level} ${list}::${escapeData(finding.message)}`;
}

/** A command's message, as the runner reads it back (actions/toolkit `escapeData`): `%`, CR and LF encoded. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (actions/toolkit `escapeProperty`): also `:` and `,`, which end a value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
