import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'node:test';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { runBasepin } from './support/cli.js';
import { tempDirWith } from './support/files.js';

test('init writes a commented .basepin.yaml that basepin reads, prints the CI job for the CI found, never overwrites', async (t) => {
  const dir = await tempDirWith('basepin-init-', { Dockerfile: 'FROM alpine:3\n' });
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, '.github', 'workflows'), { recursive: true });
  const run = await runBasepin(dir, ['init']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, 'basepin: wrote .basepin.yaml\n');
  assert.match(
    run.stdout,
    /basepin check --format github --output sarif:basepin\.sarif --output markdown:"\$GITHUB_STEP_SUMMARY"/,
  );
  assert.doesNotMatch(run.stdout, /codequality/, 'no GitLab job for a GitHub repository');
  assert.ok(parse(run.stdout), 'the snippet is YAML');
  const written = await readFile(path.join(dir, '.basepin.yaml'), 'utf8');
  assert.equal(parse(written), null, 'every key commented out');
  assert.equal(
    parse(written.replace(/^# ?(registries|include|exclude|ignore| {2}| {4})/gm, '$1')).registries['docker.io'].mirror,
    'https://mirror.internal',
  );
  assert.equal((await runBasepin(dir, ['ls'])).code, 0, 'basepin reads the file it wrote');

  const again = await runBasepin(dir, ['init']);
  assert.equal(again.code, 2);
  assert.equal(again.stderr, 'basepin: .basepin.yaml already exists (--force replaces it)\n');
  await writeFile(path.join(dir, '.gitlab-ci.yml'), 'test: {script: [true]}\n');
  const both = await runBasepin(dir, ['init', '--force']);
  assert.equal(both.code, 0);
  assert.match(both.stdout, /codequality: gl-code-quality-report\.json/);
  assert.match(both.stdout, /sarif_file: basepin\.sarif/);
});

test('completion: the bash script completes commands, each command’s options and files', async (t) => {
  const dir = await tempDirWith('basepin-completion-', { Dockerfile: 'FROM alpine:3\n' });
  t.after(() => rm(dir, { recursive: true, force: true }));
  const script = await runBasepin(dir, ['completion', 'bash']);
  assert.equal(script.code, 0);
  await writeFile(path.join(dir, 'basepin.bash'), script.stdout);
  const complete = async (...words: string[]) => {
    const shell = `source basepin.bash; COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _basepin; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return (await promisify(execFile)('bash', ['-c', shell], { cwd: dir })).stdout.trim().split('\n');
  };
  assert.deepEqual(await complete('basepin', 'ch'), ['check']);
  assert.deepEqual(await complete('basepin', 'check', '--fail'), ['--fail-on']);
  assert.deepEqual(await complete('basepin', 'pin', '--dr'), ['--dry-run']);
  assert.deepEqual(await complete('basepin', 'check', '--qu'), ['--quiet'], 'global options too');
  assert.deepEqual(await complete('basepin', 'ls', 'Dock'), ['Dockerfile']);
  for (const shell of ['zsh', 'fish']) {
    const other = await runBasepin(dir, ['completion', shell]);
    assert.equal(other.code, 0);
    assert.match(other.stdout, /fail-on/);
  }
  const unknown = await runBasepin(dir, ['completion', 'tcsh']);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr, 'basepin: completion tcsh: must be one of bash, zsh, fish\n');
});
