import { createHash } from 'node:crypto';
import { findings, type Rule } from './findings.js';
import type { ReportContext } from './types.js';

const SEVERITY: Record<Rule, 'info' | 'minor' | 'major' | 'critical' | 'blocker'> = {
  unpinned: 'major',
  stale: 'major',
  error: 'critical',
  skipped: 'info',
};

/**
 * GitLab Code Quality (a JSON array of issues, the report `artifacts:reports:codequality` takes), one issue per finding;
 * skipped references only with `--strict`. GitLab matches issues across pipelines by `fingerprint`, so it leaves out
 * the line (which moves when lines are added above): it hashes the rule, the file, the reference (or the message) and
 * which occurrence of that triple in the file it is.
 */
export function gitlab(context: ReportContext): string {
  const seen = new Map<string, number>();
  const issues = findings(context, context.strict).map((finding) => {
    const identity = JSON.stringify([finding.rule, finding.file, finding.image ?? finding.message]);
    const occurrence = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, occurrence);
    return {
      description: finding.message,
      check_name: `basepin-${finding.rule}`,
      fingerprint: createHash('sha256').update(`${identity}#${occurrence}`).digest('hex'),
      severity: SEVERITY[finding.rule],
      location: { path: finding.file, lines: { begin: Math.max(1, finding.line) } },
    };
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}
