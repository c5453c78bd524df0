import assert from 'node:assert/strict';
import test from 'node:test';
import { extractorFor } from '../src/extract/index.js';
import { readFixture } from './support/extract.js';
import { pinText } from './support/pin-text.js';

const D = `sha256:${'c'.repeat(64)}`;

/** What each fixture holds, as `line:column image` (and the skip reason). */
function read(path: string): string[] {
  const extractor = extractorFor(path)!;
  return extractor
    .extract(readFixture('ci', path), path)
    .map(
      (found) => `${found.line}:${found.column} ${found.image}${found.skip === undefined ? '' : ` (${found.skip})`}`,
    );
}

test('ci: each system by its file names, and no other YAML', () => {
  const names: Record<string, string[]> = {
    circleci: ['.circleci/config.yml', 'sub/.circleci/config.yaml'],
    'bitbucket-pipelines': ['bitbucket-pipelines.yml'],
    'azure-pipelines': ['azure-pipelines.yml', 'azure-pipelines.ci.yaml', '.azure-pipelines/release.yml'],
    drone: ['.drone.yml', 'svc/.drone.yaml'],
    woodpecker: ['.woodpecker.yml', '.woodpecker.yaml', '.woodpecker/build.yaml'],
    cloudbuild: ['cloudbuild.yaml', 'cloudbuild.json', 'deploy/cloudbuild-prod.yml'],
    buildkite: ['.buildkite/pipeline.yml', '.buildkite/pipeline.deploy.yaml', 'buildkite.yml'],
  };
  for (const [kind, paths] of Object.entries(names)) {
    for (const path of paths) assert.equal(extractorFor(path)?.kind, kind, path);
  }
  for (const path of [
    'config.yml',
    '.circleci/other.yml',
    'pipelines.yml',
    'drone.yml',
    'build.yaml',
    'my-cloudbuild.yaml',
  ]) {
    assert.equal(extractorFor(path)?.kind, 'kubernetes', path);
  }
});

test('circleci: docker executors of jobs, executors and inline orbs; a machine image is no container', () => {
  assert.deepEqual(read('.circleci/config.yml'), [
    '9:20 cimg/base:2024.06',
    '15:16 cimg/python:<< parameters.version >> (uses expression << parameters.version >>)',
    '19:16 cimg/ruby:3.3.1-node',
    '23:16 cimg/postgres:16.3',
  ]);
});

test('bitbucket-pipelines: the default image, services, and steps anywhere (anchored, parallel, in stages)', () => {
  assert.deepEqual(read('bitbucket-pipelines.yml'), [
    '2:8 atlassian/default-image:4',
    '6:14 postgres:16.3',
    '14:16 node:20.14.0', // anchored in definitions, used by `step: *build-step`: once
    '24:21 123456789.dkr.ecr.us-east-1.amazonaws.com/tools/lint:2.1',
    '42:24 python:3.12-slim',
  ]);
});

test('azure-pipelines: container resources and job containers; a container alias is its resource', () => {
  assert.deepEqual(read('azure-pipelines.yml'), [
    '5:12 ubuntu:24.04',
    '7:12 python:3.12@sha256:3870d35b962a943df72d948580fc66ceaaee1c4fbd205930f32e0f0760eb1077',
    '23:16 redis:7.2',
    '28:14 mcr.microsoft.com/dotnet/sdk:8.0',
    "33:16 $[ variables['containerImage'] ] (uses expression $[ variables['containerImage'] ])",
  ]);
});

test('drone and woodpecker: steps and services, as lists or mappings, in every document', () => {
  assert.deepEqual(read('.drone.yml'), ['8:10 golang:1.22', '12:10 plugins/docker', '18:10 mysql:8.4']);
  assert.deepEqual(read('.woodpecker/build.yaml'), [
    '7:12 golang:1.22',
    '11:12 node:${NODE_VERSION} (uses variable NODE_VERSION)',
    '16:12 mysql:8.4',
  ]);
  assert.deepEqual(read('.woodpecker.yml'), ['4:12 golang', '8:12 debian:12']);
});

test('cloudbuild: the name of every step; the built images are outputs, not references', () => {
  assert.deepEqual(read('cloudbuild.yaml'), [
    '4:12 gcr.io/cloud-builders/docker',
    '6:11 node:20.14.0',
    '9:11 gcr.io/$PROJECT_ID/custom-builder (uses variable PROJECT_ID)',
    '11:12 gcr.io/google.com/cloudsdktool/cloud-sdk:482.0.0-slim',
  ]);
});

test('buildkite: the docker plugin by any of its names, in groups too; docker-compose is not it', () => {
  assert.deepEqual(read('.buildkite/pipeline.yml'), [
    '6:19 node:20',
    '14:20 aquasec/trivy:0.52.2',
    '21:22 golang:1.22',
  ]);
});

test('ci: pinning each file writes only the digests, and reads back as pinned', () => {
  const paths = [
    '.circleci/config.yml',
    'bitbucket-pipelines.yml',
    'azure-pipelines.yml',
    '.drone.yml',
    '.woodpecker/build.yaml',
    'cloudbuild.yaml',
    '.buildkite/pipeline.yml',
  ];
  for (const path of paths) {
    const text = readFixture('ci', path);
    const extractor = extractorFor(path)!;
    const pins = extractor.extract(text, path).filter((one) => one.skip === undefined).length;
    const pinned = pinText(extractor, text, path, D);
    // a digest already there is replaced, in place; an image without a tag is pinned as `:latest@...`
    const bare = text.replace(/@sha256:[0-9a-f]{64}/g, '');
    assert.equal(pinned.split(`@${D}`).length - 1, pins, path);
    assert.equal(pinned.replace(/(?::latest)?@sha256:c{64}/g, ''), bare, path);
  }
});
