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
    'k8s/kustomization.yaml': ['resources: [deploy.yaml]', 'images:', `  - name: ${R}/cache`, '    newTag: "7"', ''].join('\n'),
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
    'notes/images.txt': `${R}/base:1 is mentioned here, in a file basepin does not read\n`,
  });

  const run = (...argv: string[]) => runBasepin(dir, argv);
  const readAll = async (names: string[]) =>
    Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')] as const)));

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
    const references = (JSON.parse(result.stdout) as { references: Array<{ file: string; kind: string; status: string; image: string }> }).references;
    const seen = references.map((ref) => `${ref.kind} ${ref.file} ${ref.status} ${ref.image.replace(R, 'R')}`);
    assert.deepEqual(seen.sort(), [
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
      'kustomize k8s/kustomization.yaml unpinned R/cache:7',
    ]);
  });

  test('pin, check, a re-push, update: every file byte-exact', async () => {
    const original = files();
    const names = Object.keys(original);
    const pin = await run('pin');
    assert.equal(pin.code, 0, pin.stderr);

    const at = (digests: { base: string; runtime: string; cache: string }) => {
      const expected: Record<string, string> = {};
      for (const [name, text] of Object.entries(original)) {
        expected[name] =
          name === 'notes/images.txt'
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
      expected['k8s/kustomization.yaml'] = original['k8s/kustomization.yaml']!.replace('newTag: "7"\n', `newTag: "7"\n    digest: ${digests.cache}\n`);
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
    assert.deepEqual(staleOnes, ['.github/workflows/ci.yml', '.gitlab-ci.yml', 'compose.yaml', 'k8s/kustomization.yaml']);

    const update = await run('update');
    assert.equal(update.code, 0, update.stderr);
    assert.deepEqual(await readAll(names), at({ ...first, cache: moved.digest }));
    assert.equal((await run('check')).code, 0);
  });
});
