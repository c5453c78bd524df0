import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runBasepin } from './support/cli.js';
import { tempDirWith } from './support/files.js';
import { pushDockerImage, pushOciImage, repushTag, type Pushed } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';

/**
 * An Argo CD Application's kustomize image overrides and a Flux OCIRepository, pinned, checked and updated against a
 * real registry, byte-exact.
 */
describe('GitOps sources: Argo CD kustomize.images, Flux OCIRepository', () => {
  let registry: RunningRegistry;
  let dir: string;
  let R: string;
  const pushed: Record<string, Pushed> = {};
  const APP = 'argocd/app.yaml';
  const OCI = 'flux/podinfo.yaml';

  const files = (): Record<string, string> => ({
    [APP]: [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata: { name: web, namespace: argocd }',
      'spec:',
      '  source:',
      '    repoURL: https://github.com/example/deploy.git',
      '    path: web',
      '    kustomize:',
      '      images:',
      `        - ${R}/web:1`,
      `        - "proxy=${R}/proxy:2" # renamed`,
      '',
    ].join('\n'),
    [OCI]: [
      'apiVersion: source.toolkit.fluxcd.io/v1',
      'kind: OCIRepository',
      'metadata: { name: podinfo }',
      'spec:',
      '  interval: 5m',
      `  url: oci://${R}/manifests/podinfo`,
      '  ref:',
      '    tag: "6.6.2"',
      '',
    ].join('\r\n'),
  });

  const run = (...argv: string[]) => runBasepin(dir, argv);
  const read = async (name: string) => readFile(path.join(dir, name), 'utf8');

  before(async () => {
    registry = await startRegistry();
    R = registry.host;
    const target = { url: registry.url };
    pushed.web = await pushDockerImage(target, 'web', '1');
    pushed.proxy = await pushDockerImage(target, 'proxy', '2');
    pushed.podinfo = await pushOciImage(target, 'manifests/podinfo', '6.6.2');
    dir = await tempDirWith('basepin-gitops-', files());
  });
  after(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const expected = (digests: { web: string; proxy: string; podinfo: string }) => ({
    [APP]: files()
      [APP]!.replace(`- ${R}/web:1\n`, `- ${R}/web=${R}/web:1@${digests.web}\n`)
      .replace(`proxy=${R}/proxy:2"`, `proxy=${R}/proxy:2@${digests.proxy}"`),
    [OCI]: files()[OCI]!.replace('tag: "6.6.2"\r\n', `tag: "6.6.2"\r\n    digest: ${digests.podinfo}\r\n`),
  });

  test('ls, pin, check, a re-push, update', async () => {
    const ls = await run('ls', '--json');
    assert.equal(ls.code, 0, ls.stderr);
    const references = (JSON.parse(ls.stdout) as { references: Array<{ file: string; kind: string; image: string }> })
      .references;
    assert.deepEqual(references.map((ref) => `${ref.kind} ${ref.file} ${ref.image.replace(R, 'R')}`).sort(), [
      `kubernetes ${APP} R/proxy:2`,
      `kubernetes ${APP} R/web:1`,
      `kubernetes ${OCI} R/manifests/podinfo:6.6.2`,
    ]);

    const pin = await run('pin');
    assert.equal(pin.code, 0, pin.stderr);
    const first = { web: pushed.web!.digest, proxy: pushed.proxy!.digest, podinfo: pushed.podinfo!.digest };
    assert.deepEqual({ [APP]: await read(APP), [OCI]: await read(OCI) }, expected(first));
    const check = await run('check');
    assert.equal(check.code, 0, check.stdout + check.stderr);

    const moved = await repushTag({ url: registry.url }, 'manifests/podinfo', '6.6.2');
    const stale = await run('check', '--json');
    assert.equal(stale.code, 1, stale.stdout + stale.stderr);
    const staleOnes = (JSON.parse(stale.stdout) as { references: Array<{ status: string; file: string }> }).references
      .filter((ref) => ref.status === 'stale')
      .map((ref) => ref.file);
    assert.deepEqual(staleOnes, [OCI]);

    const update = await run('update');
    assert.equal(update.code, 0, update.stderr);
    assert.deepEqual({ [APP]: await read(APP), [OCI]: await read(OCI) }, expected({ ...first, podinfo: moved.digest }));
    assert.equal((await run('check')).code, 0);
  });
});
