import assert from 'node:assert/strict';
import test from 'node:test';
import { gitlabCiExtractor, gitlabLocalIncludes } from '../src/extract/sources/gitlab-ci.js';
import { readFixture, seen } from './support/extract.js';

const text = readFixture('gitlab-ci', '.gitlab-ci.yml');

test('gitlab-ci: file name', () => {
  assert.ok(gitlabCiExtractor.matches('.gitlab-ci.yml'));
  assert.ok(gitlabCiExtractor.matches('sub/project/.gitlab-ci.yml'));
  assert.ok(!gitlabCiExtractor.matches('gitlab-ci.yml'));
  assert.ok(!gitlabCiExtractor.matches('.gitlab/ci/build.yml'));
});

test('gitlab-ci: global, default, job and hidden-job images and services; references and variables', () => {
  assert.deepEqual(gitlabCiExtractor.extract(text, '.gitlab-ci.yml').map(seen(text)), [
    { image: 'ruby:3.3', span: 'ruby:3.3', line: 6, column: 8 },
    { image: 'postgres:16', span: 'postgres:16', line: 9, column: 5 },
    { image: 'redis:7', span: 'redis:7', line: 10, column: 11 },
    { image: 'registry.example.com/ci/base:2024.1', span: 'registry.example.com/ci/base:2024.1', line: 20, column: 11 },
    { image: 'docker:24-dind', span: 'docker:24-dind', line: 23, column: 7 },
    // The hidden job's anchored image; `deploy` uses it through `*tpl`.
    { image: 'python:3.12', span: 'python:3.12', line: 26, column: 16 },
    {
      image: '$CI_REGISTRY_IMAGE/test:${CI_COMMIT_SHORT_SHA}',
      span: '$CI_REGISTRY_IMAGE/test:${CI_COMMIT_SHORT_SHA}',
      line: 30,
      column: 10,
      skip: 'uses variables CI_REGISTRY_IMAGE, CI_COMMIT_SHORT_SHA',
    },
    // `!reference [...]` as an image, a services list and a service: no references.
    { image: 'mysql:8.4', span: 'mysql:8.4', line: 38, column: 14 },
    {
      image: '$[[ inputs.image ]]',
      span: '$[[ inputs.image ]]',
      line: 46,
      column: 10,
      skip: 'uses expression $[[ inputs.image ]]',
    },
  ]);
});

test('gitlab-ci: the local files an include names, for the run to read as GitLab CI too', () => {
  // The forms of GitLab's `include` keyword documentation (docs.gitlab.com, ci/yaml/includes.md).
  const text = [
    'include:',
    "  - '/templates/.after-script-template.yml'",
    '  - local: ci/build.yml',
    '  - remote: https://gitlab.com/example-project/-/raw/main/.gitlab-ci.yml',
    '  - https://gitlab.com/awesome-project/raw/main/.before-script-template.yml',
    '  - project: my-group/my-project',
    '    file: /templates/.gitlab-ci-template.yml',
    '  - template: Auto-DevOps.gitlab-ci.yml',
    "  - local: 'configs/*.yml'",
    '  - local: $CI_PROJECT_DIR/ci/$JOB.yml',
    'test:',
    '  script: [make]',
    '',
  ].join('\n');
  assert.deepEqual(gitlabLocalIncludes(text), ['/templates/.after-script-template.yml', 'ci/build.yml']);
  assert.deepEqual(gitlabLocalIncludes('include: ci/one.yml\n'), ['ci/one.yml']);
  assert.deepEqual(gitlabLocalIncludes('include: { local: ci/one.yml }\n'), ['ci/one.yml']);
  assert.deepEqual(gitlabLocalIncludes('include: [\n'), []);
});
