import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runBasepin } from './support/cli.js';
import { tempDirWith } from './support/files.js';
import { pushDockerImage, pushOciIndex, repushTag, type Pushed } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';

/**
 * One repository that mixes every kind of file basepin reads, pinned, checked and updated in one run against a real
 * registry, with the exact bytes of every file compared before and after.
 */
describe('a repository mixing every source kind', () => {
  let registry: RunningRegistry;
  let dir: string;
  let R: string;
  const pushed: Record<string, Pushed> = {};

  /** Files as written by their authors; `{R}` is the registry host. */
  const files = (): Record<string, string> => ({
    Dockerfile: `FROM ${R}/base:1 AS build\nFROM ${R}/runtime:2\nCOPY --from=build /app /app\n`,
    'compose.yaml': [
      'services:',
      '  web:',
      `    image: ${R}/runtime:2 # the app`,
      '  cache:',
      `    image: "${R}/cache:7"`,
      '  api:',
      '    build: ./api',
      `    image: ${R}/api:dev`,
      '  env:',
      `    image: \${REG}/env:1`,
      '',
    ].join('\n'),
    'k8s/deploy.yaml': [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: settings }',
      'data:',
      `  image: ${R}/base:1`,
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web }',
      'spec:',
      '  template:',
      '    spec:',
      '      initContainers:',
      `        - { name: init, image: &base '${R}/base:1' }`,
      '      containers:',
      `        - name: web`,
      `          image: ${R}/runtime:2`,
      '        - name: again',
      '          image: *base',
      '',
    ].join('\r\n'),
    'k8s/kustomization.yaml': [
      'resources: [deploy.yaml]',
      'images:',
      `  - name: ${R}/cache`,
      '    newTag: "7"',
      '',
    ].join('\n'),
    '.github/workflows/ci.yml': [
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      `    container: ${R}/base:1`,
      '    services:',
      `      cache: { image: ${R}/cache:7 }`,
      '    steps:',
      '      - uses: actions/checkout@v4',
      `      - uses: docker://${R}/runtime:2`,
      '',
    ].join('\n'),
    '.gitlab-ci.yml': [
      'include:',
      '  - local: /ci/build.yml',
      '  - remote: https://gitlab.example.com/templates/lint.yml',
      'default:',
      `  image: ${R}/base:1`,
      'test:',
      '  image:',
      `    name: ${R}/runtime:2`,
      '  services:',
      `    - ${R}/cache:7`,
      '    - name: $CI_REGISTRY/db:1',
      '  script: [make test]',
      '',
    ].join('\n'),
    '.devcontainer/devcontainer.json': [
      '{',
      '  // the image every developer uses',
      `  "image": "${R}/base:1",`,
      '  "features": {},',
      '}',
      '',
    ].join('\n'),
    'docker-bake.hcl': [
      'target "app" {',
      '  contexts = {',
      `    base = "docker-image://${R}/base:1" # pinned by basepin`,
      '  }',
      '}',
      '',
    ].join('\n'),
    'deploy/web.container': `[Unit]\nDescription=web\n\n[Container]\nImage=${R}/runtime:2\nPublishPort=8080:8080\n`,
    'deploy/api.nomad.hcl': [
      'job "api" {',
      '  group "api" {',
      '    task "api" {',
      '      driver = "docker"',
      `      config { image = "${R}/base:1" }`,
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
    'deploy/main.tf': `resource "docker_image" "app" {\n  name = "${R}/cache:7"\n}\n\nresource "docker_container" "app" {\n  image = docker_image.app.image_id\n  name  = "app"\n}\n`,
    'roles/app/tasks/main.yml': `- name: run the app\n  community.docker.docker_container:\n    name: app\n    image: ${R}/base:1\n`,
    // included by .gitlab-ci.yml: read as GitLab CI although its name says nothing
    'ci/build.yml': `build:\n  image: ${R}/cache:7\n  script: [make]\n`,
    'notes/images.txt': `${R}/base:1 is mentioned here, in a file basepin does not read\n`,
    // Custom resources: one basepin knows, and one the configuration names.
    'k8s/rollout.yaml': [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Rollout',
      'spec:',
      '  template:',
      '    spec:',
      `      containers: [{ name: app, image: ${R}/runtime:2 }]`,
      '      volumes:',
      `        - { name: data, image: { reference: ${R}/cache:7 } }`,
      '---',
      'apiVersion: tekton.dev/v1',
      'kind: Task',
      'spec:',
      `  stepTemplate: { image: ${R}/base:1 }`,
      '---',
      'apiVersion: example.com/v1',
      'kind: Runner',
      'spec:',
      `  runner: { image: ${R}/cache:7 }`,
      '',
    ].join('\n'),
    '.basepin.yaml':
      'kubernetes:\n  images: [{ apiVersion: example.com/v1, kind: Runner, paths: [spec.runner.image] }]\n',
    'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\nappVersion: "2"\n',
    'chart/values.yaml': [
      'image:',
      `  registry: ${R}`,
      '  repository: base',
      '  tag: "1"',
      '  digest: ""',
      'worker:',
      '  image:',
      `    registry: ${R}`,
      '    repository: cache',
      '    tag: 7',
      `sidecarImage: ${R}/runtime:2`,
      '',
    ].join('\n'),
    'chart/templates/deployment.yaml': 'kind: Deployment\nimage: "{{ .Values.image.repository }}"\n',
    '.circleci/config.yml': `version: 2.1\njobs:\n  test:\n    docker:\n      - image: ${R}/base:1\n      - image: ${R}/cache:7\n`,
    'bitbucket-pipelines.yml': [
      `image: ${R}/base:1`,
      'pipelines:',
      '  default:',
      `    - step: { image: { name: ${R}/runtime:2 }, script: [make] }`,
      '',
    ].join('\n'),
    'azure-pipelines.yml': [
      'resources:',
      `  containers: [{ container: app, image: ${R}/runtime:2 }]`,
      'jobs:',
      '  - job: test',
      '    container: app',
      '  - job: lint',
      `    container: ${R}/base:1`,
      '',
    ].join('\n'),
    '.drone.yml': `kind: pipeline\nsteps:\n  - name: test\n    image: ${R}/base:1\nservices:\n  - name: db\n    image: ${R}/cache:7\n`,
    '.woodpecker.yml': `steps:\n  test:\n    image: ${R}/runtime:2\n`,
    'cloudbuild.yaml': `steps:\n  - name: '${R}/base:1'\n    args: [build]\n`,
    '.buildkite/pipeline.yml': `steps:\n  - command: make\n    plugins:\n      - docker#v5.11.0:\n          image: "${R}/runtime:2"\n`,
  });

  const run = (...argv: string[]) => runBasepin(dir, argv);
  const readAll = async (names: string[]) =>
    Object.fromEntries(
      await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')] as const)),
    );

  before(async () => {
    registry = await startRegistry();
    R = registry.host;
    const target = { url: registry.url };
    pushed.base = await pushDockerImage(target, 'base', '1');
    pushed.runtime = await pushOciIndex(target, 'runtime', '2');
    pushed.cache = await pushDockerImage(target, 'cache', '7');
    dir = await tempDirWith('basepin-sources-', files());
  });
  after(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('ls finds every reference of every kind, and nothing that is not one', async () => {
    const result = await run('ls', '--json');
    assert.equal(result.code, 0, result.stderr);
    const references = (
      JSON.parse(result.stdout) as { references: Array<{ file: string; kind: string; status: string; image: string }> }
    ).references;
    const seen = references.map((ref) => `${ref.kind} ${ref.file} ${ref.status} ${ref.image.replace(R, 'R')}`);
    assert.deepEqual(
      seen.sort(),
      [
        'bake docker-bake.hcl unpinned R/base:1',
        'compose compose.yaml skipped ${REG}/env:1',
        'compose compose.yaml skipped R/api:dev',
        'compose compose.yaml unpinned R/cache:7',
        'compose compose.yaml unpinned R/runtime:2',
        'devcontainer .devcontainer/devcontainer.json unpinned R/base:1',
        'dockerfile Dockerfile unpinned R/base:1',
        'dockerfile Dockerfile unpinned R/runtime:2',
        'github-actions .github/workflows/ci.yml unpinned R/base:1',
        'github-actions .github/workflows/ci.yml unpinned R/cache:7',
        'github-actions .github/workflows/ci.yml unpinned R/runtime:2',
        'gitlab-ci .gitlab-ci.yml skipped $CI_REGISTRY/db:1',
        'gitlab-ci .gitlab-ci.yml unpinned R/base:1',
        'gitlab-ci .gitlab-ci.yml unpinned R/cache:7',
        'gitlab-ci .gitlab-ci.yml unpinned R/runtime:2',
        'kubernetes k8s/deploy.yaml unpinned R/base:1',
        'kubernetes k8s/deploy.yaml unpinned R/runtime:2',
        'kubernetes k8s/rollout.yaml unpinned R/base:1',
        'kubernetes k8s/rollout.yaml unpinned R/cache:7',
        'kubernetes k8s/rollout.yaml unpinned R/cache:7',
        'kubernetes k8s/rollout.yaml unpinned R/runtime:2',
        'kustomize k8s/kustomization.yaml unpinned R/cache:7',
        'gitlab-ci ci/build.yml unpinned R/cache:7',
        'quadlet deploy/web.container unpinned R/runtime:2',
        'nomad deploy/api.nomad.hcl unpinned R/base:1',
        'terraform deploy/main.tf unpinned R/cache:7',
        'ansible roles/app/tasks/main.yml unpinned R/base:1',
        'helm chart/values.yaml unpinned R/base:1',
        'helm chart/values.yaml unpinned R/cache:7',
        'helm chart/values.yaml unpinned R/runtime:2',
        'circleci .circleci/config.yml unpinned R/base:1',
        'circleci .circleci/config.yml unpinned R/cache:7',
        'bitbucket-pipelines bitbucket-pipelines.yml unpinned R/base:1',
        'bitbucket-pipelines bitbucket-pipelines.yml unpinned R/runtime:2',
        'azure-pipelines azure-pipelines.yml unpinned R/base:1',
        'azure-pipelines azure-pipelines.yml unpinned R/runtime:2',
        'drone .drone.yml unpinned R/base:1',
        'drone .drone.yml unpinned R/cache:7',
        'woodpecker .woodpecker.yml unpinned R/runtime:2',
        'cloudbuild cloudbuild.yaml unpinned R/base:1',
        'buildkite .buildkite/pipeline.yml unpinned R/runtime:2',
      ].sort(),
    );
  });

  test('pin, check, a re-push, update: every file byte-exact', async () => {
    const original = files();
    const names = Object.keys(original);
    const pin = await run('pin');
    assert.equal(pin.code, 0, pin.stderr);

    const at = (digests: { base: string; runtime: string; cache: string }) => {
      const expected: Record<string, string> = {};
      for (const [name, text] of Object.entries(original)) {
        expected[name] = [
          'notes/images.txt',
          '.basepin.yaml',
          'chart/Chart.yaml',
          'chart/templates/deployment.yaml',
        ].includes(name)
          ? text
          : text
              .replaceAll(`${R}/base:1`, `${R}/base:1@${digests.base}`)
              .replaceAll(`${R}/runtime:2`, `${R}/runtime:2@${digests.runtime}`)
              .replaceAll(`${R}/cache:7`, `${R}/cache:7@${digests.cache}`);
      }
      // a ConfigMap's `image:` is data, not a reference
      const [configMap, workloads] = original['k8s/deploy.yaml']!.split('---');
      expected['k8s/deploy.yaml'] = `${configMap}---${expected['k8s/deploy.yaml']!.split('---')[1]}`;
      assert.ok(workloads);
      // kustomize pins through its own digest field, and leaves the name alone
      expected['k8s/kustomization.yaml'] = original['k8s/kustomization.yaml']!.replace(
        'newTag: "7"\n',
        `newTag: "7"\n    digest: ${digests.cache}\n`,
      );
      // Helm values: the digest key when there is one, else the tag
      expected['chart/values.yaml'] = expected['chart/values.yaml']!.replace(
        'digest: ""',
        `digest: "${digests.base}"`,
      ).replace('tag: 7\n', `tag: 7@${digests.cache}\n`);
      return expected;
    };
    const first = { base: pushed.base!.digest, runtime: pushed.runtime!.digest, cache: pushed.cache!.digest };
    assert.deepEqual(await readAll(names), at(first));

    const check = await run('check');
    assert.equal(check.code, 0, check.stdout + check.stderr);

    const moved = await repushTag({ url: registry.url }, 'cache', '7');
    const stale = await run('check', '--json');
    assert.equal(stale.code, 1);
    const staleOnes = (JSON.parse(stale.stdout) as { references: Array<{ status: string; file: string }> }).references
      .filter((ref) => ref.status === 'stale')
      .map((ref) => ref.file)
      .sort();
    assert.deepEqual(staleOnes, [
      '.circleci/config.yml',
      '.drone.yml',
      '.github/workflows/ci.yml',
      '.gitlab-ci.yml',
      'chart/values.yaml',
      'ci/build.yml',
      'compose.yaml',
      'deploy/main.tf',
      'k8s/kustomization.yaml',
      'k8s/rollout.yaml',
      'k8s/rollout.yaml',
    ]);

    const update = await run('update');
    assert.equal(update.code, 0, update.stderr);
    assert.deepEqual(await readAll(names), at({ ...first, cache: moved.digest }));
    assert.equal((await run('check')).code, 0);
  });
});
