/**
 * The CI files that cannot run here (GitHub runs the release workflow and the action, GitLab the template): they parse,
 * say what they must, pin what they use, and basepin itself reads them as it reads a user's.
 */

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse, parseDocument } from 'yaml';
import { runBasepin } from './support/cli.js';

const root = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
const read = (file: string) => readFile(path.join(root, file), 'utf8');

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function yamlFile(file: string): Promise<Doc> {
  const document = parseDocument(await read(file));
  assert.deepEqual(document.errors, [], `${file} parses`);
  return document.toJS() as Doc;
}

/** Every `uses:` of a workflow or action text: each must be a local action or pinned to a commit, with its version said. */
function assertUsesPinned(file: string, text: string): string[] {
  const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)];
  for (const [line, target, comment] of uses) {
    if (target!.startsWith('./')) continue;
    assert.match(target!, /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/, `${file}: ${line!.trim()} is pinned to a commit`);
    assert.match(comment!, /^\s+# v\d+(\.\d+)*$/, `${file}: ${line!.trim()} says its version`);
  }
  return uses.map((match) => match[1]!);
}

describe('the release workflow', () => {
  test('on a tag: tests, then npm with provenance and the image; least privilege; actions pinned by commit', async () => {
    const text = await read('.github/workflows/release.yml');
    const workflow = await yamlFile('.github/workflows/release.yml');
    assert.deepEqual(workflow.on, { push: { tags: ['v*'] } });
    assert.deepEqual(workflow.permissions, { contents: 'read' });
    const { test: tests, npm, image } = workflow.jobs;
    const runs = (job: Doc) =>
      job.steps
        .filter((step: Doc) => step.run)
        .map((step: Doc) => step.run as string)
        .join('\n');
    assert.match(runs(tests), /npm test/);
    assert.match(runs(tests), /sudo bash scripts\/test-deps\.sh/);
    assert.match(runs(tests), /test "v\$\(node -p 'require\("\.\/package\.json"\)\.version'\)" = "\$GITHUB_REF_NAME"/);

    assert.deepEqual([npm.needs, image.needs], ['test', 'test']);
    assert.deepEqual(npm.permissions, { contents: 'write', 'id-token': 'write' });
    assert.match(
      runs(npm),
      /^npm pack\ngh release create "\$GITHUB_REF_NAME" .*"basepin-\$\{GITHUB_REF_NAME#v\}\.tgz"$/m,
    );
    assert.match(runs(npm), /^npm publish --provenance --access public$/m);
    assert.equal(
      npm.steps.find((step: Doc) => /npm publish/.test(step.run ?? '')).env.NODE_AUTH_TOKEN,
      '${{ secrets.NPM_TOKEN }}',
    );
    const setupNode = npm.steps.find((step: Doc) => /actions\/setup-node@/.test(step.uses ?? ''));
    assert.equal(setupNode.with['registry-url'], 'https://registry.npmjs.org');

    assert.equal(image.permissions.packages, 'write');
    const order = image.steps.map((step: Doc) => step.uses?.split('@')[0] ?? step.name ?? step.run);
    const pin = order.indexOf("Pin the Dockerfile's base images (basepin on itself)");
    assert.ok(pin >= 0 && pin < order.indexOf('docker/build-push-action'), 'the Dockerfile is pinned before the build');
    assert.match(runs(image), /main\.js pin Dockerfile\n[\s\S]*main\.js check Dockerfile/);
    const push = image.steps.find((step: Doc) => /docker\/build-push-action@/.test(step.uses ?? ''));
    assert.equal(push.with.push, true);
    assert.equal(push.with.provenance, 'mode=max');

    const uses = assertUsesPinned('release.yml', text);
    assert.ok(uses.length >= 9);
  });

  test('basepin checks the workflows and the action: no container image in them is left unpinned', async () => {
    const listed = (
      await runBasepin<{ references: { status: string; image: string }[]; errors: unknown[] }>(root, [
        'ls',
        '--json',
        '.github',
        'action.yml',
      ])
    ).json();
    assert.deepEqual(listed.errors, []);
    assert.deepEqual(
      listed.references.filter((reference) => reference.status !== 'pinned'),
      [],
    );
  });
});

describe('the GitHub Action', () => {
  test('inputs reach scripts only through env (no expression in a run script); every reference is declared', async () => {
    const text = await read('action.yml');
    const action = await yamlFile('action.yml');
    assert.equal(action.runs.using, 'composite');
    const ids = new Set(action.runs.steps.map((step: Doc) => step.id));
    for (const step of action.runs.steps) {
      assert.equal(step.shell, 'bash', `${step.id}: bash`);
      assert.doesNotMatch(step.run, /\$\{\{/, `${step.id}: no expression is pasted into the script`);
    }
    for (const [, name] of text.matchAll(/\binputs\.([\w-]+)/g))
      assert.ok(name! in action.inputs, `input ${name} is declared`);
    for (const [, id] of text.matchAll(/\bsteps\.([\w-]+)\.outputs/g)) assert.ok(ids.has(id), `step ${id} exists`);
    for (const [, mode] of [
      ['check', 'check'],
      ['update', 'update'],
    ]) {
      assert.ok(
        action.runs.steps.some((step: Doc) => step.if === `inputs.mode == '${mode}'`),
        `a ${mode} step`,
      );
    }
    assert.match(
      action.runs.steps.find((step: Doc) => step.id === 'check').run,
      /--format github[\s\S]*--output "sarif:\$INPUT_SARIF_FILE"[\s\S]*--output "markdown:\$GITHUB_STEP_SUMMARY"/,
    );
    assert.deepEqual(assertUsesPinned('action.yml', text), []);
  });
});

describe('the GitLab CI template', () => {
  test('a check job with a Code Quality report, a scheduled update job; basepin reads it as GitLab CI', async () => {
    const template = await yamlFile('ci/gitlab/basepin.yml');
    const check = template['basepin-check'];
    assert.match(check.script.join('\n'), /basepin check .*--output gitlab:gl-code-quality-report\.json/);
    assert.deepEqual(check.artifacts, { when: 'always', reports: { codequality: 'gl-code-quality-report.json' } });
    assert.ok(check.rules.some((rule: Doc) => rule.if === '$CI_PIPELINE_SOURCE == "merge_request_event"'));
    const update = template['basepin-update'];
    assert.deepEqual(update.rules, [{ if: '$CI_PIPELINE_SOURCE == "schedule"' }]);
    assert.match(
      update.script.join('\n'),
      /^basepin update-pr .*--forge gitlab --forge-api "\$CI_API_V4_URL" --forge-project "\$CI_PROJECT_PATH"/,
    );
    assert.equal(
      update.variables.GIT_CONFIG_VALUE_0.expand,
      false,
      'the token variable is read by git when it runs, not pasted in by GitLab',
    );
    assert.deepEqual(
      template['.basepin'].image.entrypoint,
      [''],
      "the image's entrypoint is basepin: the script needs a shell",
    );

    const listed = (
      await runBasepin<{ references: { kind: string; image: string }[] }>(root, [
        'ls',
        '--json',
        'ci/gitlab/basepin.yml',
      ])
    ).json();
    assert.deepEqual(
      listed.references.map(({ kind, image }) => [kind, image]),
      [['gitlab-ci', 'ghcr.io/basepin/basepin:0.1.0']],
    );
  });

  test('every example workflow in the docs parses, and its actions are pinned by commit', async () => {
    const doc = await read('docs/github-action.md');
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
    assert.ok(blocks.length >= 3, 'check, update and SARIF examples');
    for (const block of blocks) {
      const workflow = parse(block) as Doc;
      assert.ok(workflow.on && workflow.jobs, 'a complete workflow');
      // basepin's own action is named by its release tag (its commit is known once it is released).
      assertUsesPinned('docs/github-action.md', block.replaceAll(/uses: basepin\/basepin@v\d+\.\d+\.\d+$/gm, ''));
    }
  });
});
