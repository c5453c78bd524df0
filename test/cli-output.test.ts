import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { escapeData, escapeProperty } from '../src/cli/output/github.js';
import { printable } from '../src/cli/printable.js';
import { runBasepin } from './support/cli.js';
import { tempDirWith } from './support/files.js';
import { pushDockerImage, repushTag, type Pushed } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';

const parse = <T>(run: { stdout: string }) => JSON.parse(run.stdout) as T;

const packageVersion = async () =>
  (JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('the reference commands’ output formats, against a real registry', () => {
  let registry: RunningRegistry;
  let host: string;
  let pinned: Pushed;
  let first: Pushed;
  let moved: Pushed;
  let dir: string;
  /** unpinned, pinned (current), stale, skipped (a variable), error (invalid): one of each, in that order. */
  let dockerfile: string;

  before(async () => {
    registry = await startRegistry();
    host = registry.host;
    pinned = await pushDockerImage({ url: registry.url }, 'base', '1');
    await pushDockerImage({ url: registry.url }, 'other', '2');
    first = await pushDockerImage({ url: registry.url }, 'moving', 'v1');
    moved = await repushTag({ url: registry.url }, 'moving', 'v1');
    dockerfile = [
      `FROM ${host}/other:2`,
      `FROM ${host}/base:1@${pinned.digest}`,
      `FROM ${host}/moving:v1@${first.digest}`,
      'FROM ${NOPE}/x:1',
      'FROM Alpine:3',
      '',
    ].join('\n');
    dir = await tempDirWith('basepin-output-', { 'app/Dockerfile': dockerfile });
  });
  after(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('text: short digests, never the full digest twice on a row; an error printed once, on stderr', async () => {
    const run = await runBasepin(dir, ['check']);
    assert.equal(run.code, 2);
    const rows = run.stdout.trimEnd().split('\n');
    assert.equal(rows.length, 6, run.stdout);
    assert.ok(!run.stdout.includes(pinned.digest), 'no full digest on stdout');
    assert.match(rows[1]!, new RegExp(`^pinned +app/Dockerfile:2:6 +${host}/base:1@${pinned.digest.slice(0, 19)}$`));
    assert.match(
      rows[2]!,
      new RegExp(
        `^stale +app/Dockerfile:3:6 +${host}/moving:v1@${first.digest.slice(0, 19)} +tag now ${moved.digest.slice(0, 19)}$`,
      ),
    );
    assert.match(rows[4]!, /^error +app\/Dockerfile:5:6 +Alpine:3$/, 'the row names the reference, not the error');
    assert.equal(rows[5], '5 references: 1 unpinned, 1 pinned, 1 stale, 1 skipped, 1 error');
    assert.equal(run.stderr.match(/must be lowercase/g)?.length, 1, 'the error once');
    assert.match(run.stderr, /^app\/Dockerfile:5:6: error: invalid reference format/);

    const quiet = await runBasepin(dir, ['check', '--quiet']);
    assert.deepEqual(
      quiet.stdout
        .trimEnd()
        .split('\n')
        .map((row) => row.split(/\s+/)[0]),
      ['unpinned', 'stale', 'error'],
    );
  });

  test('--fail-on chooses what fails the check', async () => {
    const only = await tempDirWith('basepin-failon-', { Dockerfile: `FROM ${host}/moving:v1@${first.digest}\n` });
    try {
      assert.equal((await runBasepin(only, ['check'])).code, 1);
      assert.equal((await runBasepin(only, ['check', '--fail-on', 'stale'])).code, 1);
      assert.equal((await runBasepin(only, ['check', '--fail-on', 'unpinned'])).code, 0);
    } finally {
      await rm(only, { recursive: true, force: true });
    }
  });

  test('github: workflow commands with GitHub’s escaping; skipped references only with --strict', async () => {
    const run = await runBasepin(dir, ['check', '--format', 'github']);
    const lines = run.stdout.trimEnd().split('\n');
    assert.deepEqual(
      lines.map((line) => line.split(' ')[0]),
      ['::error', '::error', '::error', '5'],
    );
    assert.equal(
      lines[0],
      `::error file=app/Dockerfile,line=1,col=6,title=basepin%3A Image reference not pinned to a digest::${host}/other:2 is not pinned to a digest; the tag points at ${parse<{ references: { current: string }[] }>(await runBasepin(dir, ['check', '--json'])).references[0]!.current}. Run \`basepin pin\`.`,
    );
    const strict = await runBasepin(dir, ['check', '--format', 'github', '--strict']);
    assert.match(
      strict.stdout,
      /^::warning file=app\/Dockerfile,line=4,col=6,title=basepin%3A Image reference basepin cannot pin::\$\{NOPE\}\/x:1: /m,
    );
    assert.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
    assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
  });

  test('gitlab: Code Quality issues with stable fingerprints that ignore the line', async () => {
    const issues = parse<
      {
        description: string;
        check_name: string;
        fingerprint: string;
        severity: string;
        location: { path: string; lines: { begin: number } };
      }[]
    >(await runBasepin(dir, ['check', '--format', 'gitlab']));
    assert.deepEqual(
      issues.map((issue) => [issue.check_name, issue.severity, issue.location.path, issue.location.lines.begin]),
      [
        ['basepin-unpinned', 'major', 'app/Dockerfile', 1],
        ['basepin-stale', 'major', 'app/Dockerfile', 3],
        ['basepin-error', 'critical', 'app/Dockerfile', 5],
      ],
    );
    assert.ok(issues.every((issue) => /^[0-9a-f]{64}$/.test(issue.fingerprint)));
    assert.equal(new Set(issues.map((issue) => issue.fingerprint)).size, 3);
    const shifted = await tempDirWith('basepin-gitlab-', {
      'app/Dockerfile': `# a comment above moves every line\n${dockerfile}`,
    });
    try {
      const again = parse<{ fingerprint: string; location: { lines: { begin: number } } }[]>(
        await runBasepin(shifted, ['check', '--format', 'gitlab']),
      );
      assert.deepEqual(
        again.map((issue) => issue.fingerprint),
        issues.map((issue) => issue.fingerprint),
      );
      assert.equal(again[0]!.location.lines.begin, 2);
    } finally {
      await rm(shifted, { recursive: true, force: true });
    }
  });

  test('--output writes SARIF (with version and help), Markdown and JSON in the same run as the text report', async () => {
    const run = await runBasepin(dir, [
      'check',
      '--output',
      'sarif:basepin.sarif',
      '--output',
      'markdown:summary.md',
      '--output',
      'json:r.json',
    ]);
    assert.equal(run.code, 2);
    assert.match(run.stdout, /^5 references: /m, 'the text report on stdout');
    const sarif = JSON.parse(await readFile(path.join(dir, 'basepin.sarif'), 'utf8'));
    assert.equal(sarif.runs[0].tool.driver.version, await packageVersion());
    assert.ok(sarif.runs[0].tool.driver.rules.every((rule: { help: { text: string } }) => rule.help.text.length > 40));
    assert.deepEqual(
      sarif.runs[0].results.map((result: { ruleId: string }) => result.ruleId),
      ['unpinned', 'stale', 'skipped', 'error'],
    );
    const summary = await readFile(path.join(dir, 'summary.md'), 'utf8');
    assert.match(summary, /^### basepin check$/m);
    assert.match(summary, /^\| unpinned \| 1 \|$/m);
    assert.match(summary, /^\| pinned \| 1 \|$/m);
    assert.match(summary, /^\| app\/Dockerfile \| 3 \| .*moving:v1@sha256:[0-9a-f]{64} \| Pinned digest is no longer/m);
    const json = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8'));
    assert.equal(json.references.length, 5);
  });

  test('pin --format github: what this run pinned is no longer a finding', async () => {
    const work = await tempDirWith('basepin-pin-github-', { Dockerfile: `FROM ${host}/other:2\n` });
    try {
      const run = await runBasepin(work, ['pin', '--format', 'github']);
      assert.equal(run.code, 0);
      assert.equal(run.stdout, '1 reference: 1 unpinned; wrote 1 digest in 1 file\n');
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});

describe('terminal safety, colors and version', () => {
  test('control characters in file names and references are escaped in human output; JSON stays exact', async () => {
    const name = 'evil\u001b]0;pwned\u0007.Dockerfile';
    const dir = await tempDirWith('basepin-escape-', { [name]: 'FROM alpine:3\u001b[2J\nFROM Bad\u0007:1\u202e\n' });
    try {
      const run = await runBasepin(dir, ['ls']);
      assert.ok(!/[\u0007\u001b\u202e]/.test(run.stdout + run.stderr), JSON.stringify(run.stdout + run.stderr));
      assert.ok(run.stdout.includes('evil\\x1b]0;pwned\\x07.Dockerfile'), run.stdout);
      const json = await runBasepin(dir, ['ls', '--json']);
      assert.equal(parse<{ references: { file: string }[] }>(json).references[0]!.file, name);
      const github = await runBasepin(dir, ['ls', '--format', 'github']);
      assert.ok(!github.stdout.includes('\u0007]'), 'github format: only its own escaping, but no raw line breaks');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    assert.equal(printable('a\tb\nc\u007f\u0085\u2066'), 'a\\x09b\\x0ac\\x7f\\x85\\u2066');
  });

  test('colors: only on a terminal, never with NO_COLOR, forced by FORCE_COLOR or --color, refused by --no-color', async () => {
    const dir = await tempDirWith('basepin-color-', { Dockerfile: 'FROM alpine:3\n' });
    const colored = (text: string) => text.includes('\u001b[');
    try {
      assert.equal(colored((await runBasepin(dir, ['ls'])).stdout), false, 'not a terminal');
      assert.equal(colored((await runBasepin(dir, ['ls'], { FORCE_COLOR: '1' })).stdout), true);
      assert.equal(colored((await runBasepin(dir, ['ls'], { FORCE_COLOR: '0' })).stdout), false);
      assert.equal(colored((await runBasepin(dir, ['ls', '--color'], { NO_COLOR: '1' })).stdout), true);
      assert.equal(colored((await runBasepin(dir, ['--no-color', 'ls'], { FORCE_COLOR: '1' })).stdout), false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('--version prints the version package.json says', async () => {
    const run = await runBasepin(process.cwd(), ['--version']);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, `${await packageVersion()}\n`);
  });
});
