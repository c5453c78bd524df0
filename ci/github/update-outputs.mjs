// The action's update step: turns `basepin update-pr --json` (the file named on the command line) into step outputs
// (GITHUB_OUTPUT) and a job summary (GITHUB_STEP_SUMMARY).
import { appendFileSync, readFileSync } from 'node:fs';

const result = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const pull = result.pullRequest;
const outputs = { status: result.status, branch: result.branch, 'pull-request-url': pull?.url ?? '', 'pull-request-number': pull?.number ?? '' };
if (process.env.GITHUB_OUTPUT) {
  appendFileSync(process.env.GITHUB_OUTPUT, Object.entries(outputs).map(([name, value]) => `${name}=${value}\n`).join(''));
}

const short = (digest) => (digest === null ? 'unpinned' : `\`${digest.slice(0, digest.indexOf(':') + 13)}\``);
const lines = ['### basepin update', ''];
if (result.status === 'current') lines.push(`Every reference on \`${result.base}\` is pinned and current: nothing to propose.`);
else {
  const where = pull === undefined ? `\`${result.branch}\`` : `[pull request #${pull.number}](${pull.url}) (${pull.action})`;
  lines.push(`**${result.status}**: ${result.changes.length} reference(s) on \`${result.branch}\`, ${where}.`, '');
  lines.push('| file | line | image | from | to |', '| --- | --- | --- | --- | --- |');
  for (const change of result.changes) {
    lines.push(`| \`${change.file}\` | ${change.line} | \`${change.image}\` | ${short(change.from)} | ${short(change.to)} |`);
  }
}
for (const problem of result.problems) lines.push('', `- ${problem}`);
if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${lines.join('\n')}\n`);
