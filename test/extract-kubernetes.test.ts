import assert from 'node:assert/strict';
import test from 'node:test';
import { kubernetesExtractor } from '../src/extract/sources/kubernetes.js';
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

test('kubernetes: custom resources with a known pod template or image field, and image volumes', () => {
  const text = fixture('custom-resources.yaml');
  assert.deepEqual(kubernetesExtractor.extract(text, 'custom-resources.yaml').map(seen(text, brief)), [
    { image: 'argoproj/rollouts-demo:blue', line: 12, column: 16 },
    // Argo Workflows: container, container set, script, init containers, sidecars
    { image: 'nginx:1.13', line: 31, column: 14 },
    { image: 'appropriate/curl:latest', line: 37, column: 14 },
    { image: 'argoproj/argosay:v2', line: 43, column: 18 },
    { image: 'python:alpine3.6', line: 46, column: 14 },
    { image: 'alpine:3.7', line: 51, column: 14 },
    {
      image: '{{inputs.parameters.influx-image}}',
      line: 54,
      column: 15,
      skip: 'uses expression {{inputs.parameters.influx-image}}',
    },
    { image: 'busybox', line: 69, column: 18 }, // CronWorkflow
    { image: 'gcr.io/knative-samples/helloworld-go', line: 81, column: 18 },
    // Tekton: step template, steps, sidecars; pipelines' embedded task specs; a StepAction
    { image: 'mirror.gcr.io/library/golang:1.22', line: 107, column: 12 },
    { image: '$(params.image):$(params.version)', line: 110, column: 12, skip: 'uses expression $(params.image)' },
    { image: 'golangci/golangci-lint:v1.59.1', line: 114, column: 12 },
    { image: 'docker:26-dind', line: 117, column: 12 },
    { image: 'ubuntu:24.04', line: 133, column: 20 },
    { image: 'curlimages/curl:8.8.0', line: 138, column: 20 },
    { image: 'cgr.dev/chainguard/git:latest', line: 145, column: 10 },
    { image: 'busybox:1.36', line: 159, column: 20 }, // KEDA ScaledJob
    { image: 'quay.io/openshift/origin-hello-openshift:4.16', line: 173, column: 18 },
    { image: 'debian:12', line: 184, column: 12 },
    { image: 'quay.io/crio/artifact:v2', line: 191, column: 18 }, // volumes[].image.reference
    { image: 'xpkg.upbound.io/upbound/provider-aws-s3:v1.1.0', line: 199, column: 12 },
  ]);
});

test('kubernetes: the configuration names the image paths of other custom resources, by group and kind', () => {
  const text = fixture('custom-resources.yaml');
  const images = (kubernetesImages: { apiVersion: string; kind: string; paths: string[] }[]) =>
    kubernetesExtractor
      .extract(text, 'custom-resources.yaml', { kubernetesImages })
      .slice(21)
      .map((found) => `${found.line}:${found.column} ${found.image}`);
  const paths = ['spec.runner.image', 'spec.helpers[].image'];
  assert.deepEqual(images([{ apiVersion: 'example.com/v2', kind: 'Runner', paths }]), [
    '208:12 ghcr.io/example/runner:2.317.0',
    '210:14 alpine:3.20',
  ]);
  assert.deepEqual(images([{ apiVersion: 'example.com', kind: 'Runner', paths: ['spec.*[].image'] }]), [
    '210:14 alpine:3.20',
  ]);
  assert.deepEqual(images([{ apiVersion: 'other.example.com/v1', kind: 'Runner', paths }]), []);
  assert.deepEqual(images([{ apiVersion: 'example.com/v1', kind: 'Build', paths }]), []);
});

test("kubernetes: a Flux HelmRelease's spec.values are read as Helm values, the digest key kept", () => {
  const text = fixture('flux-helmrelease.yaml');
  assert.deepEqual(kubernetesExtractor.extract(text, 'flux-helmrelease.yaml').map(seen(text, { template: true })), [
    {
      image: 'ghcr.io/stefanprodan/podinfo:6.5.4',
      span: '6.5.4',
      template: undefined,
      at: { line: 19, column: 7 },
      line: 20,
      column: 13,
    },
    {
      image: 'docker.io/bitnami/redis:7.2.4-debian-12-r9',
      span: '',
      template: '{digest}',
      at: { line: 24, column: 9 },
      line: 27,
      column: 18,
    },
  ]);
});
