import { packageInfo } from '../version.js';
import { findings, RULES, type Finding, type Rule } from './findings.js';
import type { ReportContext } from './types.js';

const LEVEL: Record<Rule, 'error' | 'warning' | 'note'> = {
  unpinned: 'error',
  stale: 'error',
  error: 'error',
  skipped: 'note',
};

/**
 * SARIF 2.1.0 for code scanning (GitHub; GitLab does not ingest SARIF, see the gitlab format): one result per finding
 * (findings.ts), at its file, 1-based line and column. The driver names basepin's version, and each rule its help.
 * A reference that could not be checked says why in `properties.reason` (plan/reason.ts); its rule stays `error`,
 * since code scanning tracks an alert by its rule, and an alert whose reason changes (unreachable today, unauthorized
 * tomorrow) is still the same reference that cannot be checked.
 */
export function sarif(context: ReportContext): string {
  const rules = Object.entries(RULES).map(([id, rule]) => ({
    id,
    shortDescription: { text: rule.text },
    help: { text: rule.help },
    defaultConfiguration: { level: LEVEL[id as Rule] },
  }));
  const driver = {
    name: 'basepin',
    version: packageInfo().version,
    informationUri: 'https://www.npmjs.com/package/basepin',
    rules,
  };
  const document = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver }, results: findings(context).map(result) }],
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function result(finding: Finding) {
  const region = finding.line > 0 ? { region: { startLine: finding.line, startColumn: finding.column } } : {};
  return {
    ruleId: finding.rule,
    level: LEVEL[finding.rule],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: finding.file }, ...region } }],
    ...(finding.reason === undefined ? {} : { properties: { reason: finding.reason } }),
  };
}
