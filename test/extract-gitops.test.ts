import assert from 'node:assert/strict';
import test from 'node:test';
import { kubernetesExtractor } from '../src/extract/sources/kubernetes.js';
import { readFixture, seen } from './support/extract.js';
import { pinText } from './support/pin-text.js';

const fixture = (name: string) => readFixture('gitops', name);
const digest = (hex: string) => `sha256:${hex.repeat(64)}`;
const D = digest('f');
const extract = (text: string) => kubernetesExtractor.extract(text, 'apps.yaml').map(seen(text, { template: true }));

test('Argo CD: kustomize.images of an Application source and of ApplicationSet template sources', () => {
  const text = fixture('argocd-application.yaml');
  const pinned = `ghcr.io/example/pinned:1@${digest('1')}`;
  assert.deepEqual(extract(text), [
    // No `=`: pinning names the image twice, which every kustomize version reads the same way.
    {
      image: 'quay.io/argoprojlabs/argocd-e2e-container:0.2',
      span: 'quay.io/argoprojlabs/argocd-e2e-container:0.2',
      template: 'quay.io/argoprojlabs/argocd-e2e-container=quay.io/argoprojlabs/argocd-e2e-container:0.2@{digest}',
      at: undefined,
      line: 16,
      column: 9,
    },
    // With `=`: the image is the part after it, and the digest is appended there.
    {
      image: 'gcr.io/my-repo/my-app:0.1',
      span: 'gcr.io/my-repo/my-app:0.1',
      template: undefined,
      at: undefined,
      line: 17,
      column: 16,
    },
    { image: 'redis:7.2', span: 'redis:7.2', template: undefined, at: undefined, line: 18, column: 16 },
    { image: pinned, span: pinned, template: undefined, at: undefined, line: 19, column: 16 },
    {
      image: 'mariadb',
      span: 'mariadb',
      template: undefined,
      at: undefined,
      line: 20,
      column: 15,
      skip: 'no tag: the image comes from the resources',
    },
    {
      image: '*:1.2',
      span: '*:1.2',
      template: undefined,
      at: undefined,
      line: 21,
      column: 13,
      skip: "`*` keeps the kustomization's value, which basepin does not read",
    },
    {
      image: 'ghcr.io/example/web:${ARGOCD_APP_REVISION}',
      span: 'ghcr.io/example/web:${ARGOCD_APP_REVISION}',
      template: undefined,
      at: undefined,
      line: 22,
      column: 13,
      skip: 'uses variable ARGOCD_APP_REVISION',
    },
    {
      image: 'nginx:1.25.4',
      span: 'nginx:1.25.4',
      template: 'nginx=nginx:1.25.4@{digest}',
      at: undefined,
      line: 48,
      column: 20,
    },
    {
      image: 'registry.example/{{.cluster}}/proxy:2',
      span: 'registry.example/{{.cluster}}/proxy:2',
      template: undefined,
      at: undefined,
      line: 48,
      column: 41,
      skip: 'uses expression {{.cluster}}',
    },
  ]);
});

test('Argo CD: pinning rewrites each override string and nothing else', () => {
  const text = fixture('argocd-application.yaml');
  const expected = text
    .replace(
      '- quay.io/argoprojlabs/argocd-e2e-container:0.2\n',
      `- quay.io/argoprojlabs/argocd-e2e-container=quay.io/argoprojlabs/argocd-e2e-container:0.2@${D}\n`,
    )
    .replace('my-app=gcr.io/my-repo/my-app:0.1 #', `my-app=gcr.io/my-repo/my-app:0.1@${D} #`)
    .replace('"redis=redis:7.2"', `"redis=redis:7.2@${D}"`)
    .replace(digest('1'), D)
    .replace('[nginx:1.25.4,', `[nginx=nginx:1.25.4@${D},`);
  assert.notEqual(expected, text);
  assert.equal(pinText(kubernetesExtractor, text, 'apps.yaml', D), expected);
});

test('Argo CD: strings kustomize would refuse, and other kinds, are no references', () => {
  const app = (images: string, kind = 'Application', apiVersion = 'argoproj.io/v1alpha1') =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nspec:\n  source:\n    kustomize:\n      images: ${images}\n`;
  assert.deepEqual(extract(app('[nginx, a=b=c:1, 12]')), []);
  assert.deepEqual(extract(app('[nginx:1]', 'AppProject')), []);
  assert.deepEqual(extract(app('[nginx:1]', 'Application', 'example.com/v1')), []);
  assert.deepEqual(
    extract(app('["app=:1.2"]')).map((found) => found.skip),
    ['no new name: the name comes from the resources'],
  );
  assert.deepEqual(
    extract(app('["nginx:\\u0031"]')).map((found) => found.skip),
    ['quoted form basepin cannot edit safely'],
  );
});

test('Flux OCIRepository: url and ref, the digest written beside the tag', () => {
  const text = fixture('flux-ocirepository.yaml');
  const podinfo = 'ghcr.io/stefanprodan/manifests/podinfo';
  assert.deepEqual(extract(text), [
    // Inserted after the comment that ends the tag's line, in the indentation of the ref's keys.
    {
      image: `${podinfo}:6.6.2`,
      span: '',
      template: '\n    digest: {digest}',
      at: { line: 9, column: 8 },
      line: 11,
      column: 29,
    },
    {
      image: `${podinfo}:6.6.2@${digest('2')}`,
      span: digest('2'),
      template: '{digest}',
      at: { line: 19, column: 8 },
      line: 22,
      column: 13,
    },
    {
      image: 'ghcr.io/stefanprodan/charts/podinfo:6.7.0',
      span: '',
      template: ', digest: {digest}',
      at: { line: 29, column: 8 },
      line: 30,
      column: 20,
    },
    {
      image: podinfo,
      span: '',
      template: '\n    digest: {digest}',
      at: { line: 37, column: 8 },
      line: 39,
      column: 22,
      skip: 'ref.semver is a range of tags, not a tag',
    },
    {
      image: podinfo,
      span: '',
      template: undefined,
      at: { line: 46, column: 8 },
      line: 46,
      column: 52,
      skip: 'no ref.tag: the artifact follows latest',
    },
    {
      image: '${REGISTRY}/manifests/podinfo:6.6.2',
      span: '',
      template: '\n    digest: {digest}',
      at: { line: 53, column: 8 },
      line: 55,
      column: 15,
      skip: 'uses variable REGISTRY',
    },
  ]);
});

test('Flux OCIRepository: pinning inserts or replaces ref.digest and nothing else', () => {
  const text = fixture('flux-ocirepository.yaml');
  const expected = text
    .replace('    tag: 6.6.2 # the release\n', `    tag: 6.6.2 # the release\n    digest: ${D}\n`)
    .replace(digest('2'), D)
    .replace('{ tag: 6.7.0 }', `{ tag: 6.7.0, digest: ${D} }`);
  assert.equal(pinText(kubernetesExtractor, text, 'sources.yaml', D), expected);
});

test('Flux OCIRepository: a digest with a semver range is pinned; an empty digest is filled in; CRLF kept', () => {
  const repo = (ref: string) =>
    `apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: OCIRepository\nspec:\n  url: oci://r.example/a\n  ref:\n${ref}`;
  assert.deepEqual(
    extract(repo(`    semver: 1.x\n    digest: ${digest('3')}\n`)).map((found) => [found.image, found.skip]),
    [[`r.example/a@${digest('3')}`, undefined]],
  );
  const empty = repo('    tag: "1"\n    digest:\n');
  assert.equal(pinText(kubernetesExtractor, empty, 'a.yaml', D), empty.replace('digest:\n', `digest: ${D}\n`));
  const crlf = repo('    tag: "1"\n').replaceAll('\n', '\r\n');
  assert.equal(pinText(kubernetesExtractor, crlf, 'a.yaml', D), `${crlf}    digest: ${D}\r\n`);
  // A url that is no OCI repository (a Flux HelmRepository's https://) is no reference.
  assert.deepEqual(extract(repo('    tag: "1"\n').replace('oci://', 'https://')), []);
});
