import assert from 'node:assert/strict';
import test from 'node:test';
import { kubernetesExtractor } from '../src/extract/kubernetes.js';
import { readFixture, seen } from './support/extract.js';

const fixture = (name: string) => readFixture('kubernetes', name);

/** The expectations name the span only where its text is not the image itself. */
const brief = { spanUnlessImage: true };

test('kubernetes: any YAML file that no other extractor claims by name', () => {
  for (const path of ['deploy.yaml', 'k8s/app.yml', 'charts/app/templates/deployment.yaml', 'action/values.yaml']) {
    assert.ok(kubernetesExtractor.matches(path), path);
  }
  const claimed = [
    'compose.yaml',
    'docker-compose.yml',
    'overlays/prod/kustomization.yaml',
    '.gitlab-ci.yml',
    '.github/workflows/ci.yml',
    'action.yml',
    'deploy.json',
    'Dockerfile',
  ];
  for (const path of claimed) assert.ok(!kubernetesExtractor.matches(path), path);
});

test('kubernetes: containers, init and ephemeral containers of every workload kind, in every document', () => {
  const text = fixture('workloads.yaml');
  const digest = 'sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b';
  assert.deepEqual(kubernetesExtractor.extract(text, 'workloads.yaml').map(seen(text, brief)), [
    { image: 'busybox:1.36', line: 8, column: 14 },
    { image: 'nicolaka/netshoot:v0.12', line: 11, column: 15 },
    // The init container's anchored image, reused by `image: *app`: one reference.
    { image: 'registry.example.com/team/app:2.3.1', line: 24, column: 23 },
    { image: 'envoyproxy/envoy:v1.29.1', line: 28, column: 35 },
    { image: `alpine:3.19@${digest}`, line: 42, column: 22 },
    { image: '$JOB_IMAGE', line: 52, column: 18, skip: 'uses variable JOB_IMAGE' },
    { image: 'python:3.12-slim', line: 60, column: 16 },
    // kind: List
    { image: 'mysql:8.4', line: 74, column: 22 },
    { image: 'fluent/fluent-bit:3.0', line: 82, column: 22 },
    { image: 'memcached:1.6', line: 90, column: 22 },
    { image: 'httpd:2.4', line: 98, column: 22 },
  ]);
});

test('kubernetes: image keys of ConfigMaps, CRDs, custom resources and non-manifests are no references', () => {
  assert.deepEqual(kubernetesExtractor.extract(fixture('not-workloads.yaml'), 'not-workloads.yaml'), []);
});

test('kubernetes: Go templates inside a ConfigMap do not hide the Deployment beside it', () => {
  const text = fixture('rules-and-deployment.yaml');
  assert.deepEqual(kubernetesExtractor.extract(text, 'rules-and-deployment.yaml').map(seen(text, brief)), [
    { image: 'quay.io/prometheus/prometheus:v2.51.0', line: 16, column: 18 },
  ]);
});

test('kubernetes: a Helm template is not YAML and has no references; one that parses has its template skipped', () => {
  assert.deepEqual(kubernetesExtractor.extract(fixture('helm-deployment.yaml'), 'deployment.yaml'), []);
  const text = fixture('helm-quoted.yaml');
  assert.deepEqual(kubernetesExtractor.extract(text, 'pod.yaml').map(seen(text, brief)), [
    { image: '{{ .Values.image }}', line: 6, column: 15, skip: 'uses expression {{ .Values.image }}' },
  ]);
});

test('kubernetes: CRLF line endings and a byte order mark', () => {
  const text = fixture('crlf-bom.yaml');
  assert.ok(text.startsWith('\uFEFFapiVersion: v1\r\n'));
  const found = kubernetesExtractor.extract(text, 'crlf-bom.yaml');
  assert.deepEqual(found.map(seen(text, brief)), [
    { image: 'busybox:1.36', line: 6, column: 14 },
    { image: 'nginx:1.25', line: 14, column: 19 },
  ]);
  assert.deepEqual(
    found.map((item) => item.start),
    [text.indexOf('busybox:1.36'), text.indexOf('nginx:1.25')],
  );
});

test('kubernetes: broken YAML is an error in a manifest, and nothing in other YAML files', () => {
  assert.throws(() => kubernetesExtractor.extract(fixture('invalid-manifest.yaml'), 'pod.yaml'), {
    name: 'ExtractError',
    line: 6,
    column: 1,
  });
  assert.deepEqual(kubernetesExtractor.extract(fixture('broken-other.yaml'), 'notes.yaml'), []);
});
