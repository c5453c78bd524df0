import assert from 'node:assert/strict';
import test from 'node:test';
import { githubActionsExtractor } from '../src/extract/sources/github-actions.js';
import { readFixture, seen } from './support/extract.js';

const fixture = (name: string) => readFixture('github-actions', name);

test('github-actions: workflow and action file names', () => {
  for (const path of ['.github/workflows/ci.yml', '.github/workflows/release.yaml', 'action.yml', 'lint/action.yaml']) {
    assert.ok(githubActionsExtractor.matches(path), path);
  }
  const others = ['.github/dependabot.yml', '.github/workflows/scripts/x.yml', 'workflows/ci.yml', 'my-action.yml'];
  for (const path of others) {
    assert.ok(!githubActionsExtractor.matches(path), path);
  }
});

test('github-actions: job containers, services and docker:// steps; expressions skipped', () => {
  const text = fixture('ci.yml');
  assert.deepEqual(githubActionsExtractor.extract(text, '.github/workflows/ci.yml').map(seen(text)), [
    { image: 'node:20-bookworm', span: 'node:20-bookworm', line: 6, column: 16 },
    { image: 'postgres:16', span: 'postgres:16', line: 9, column: 16 },
    { image: 'redis:7', span: 'redis:7', line: 12, column: 17 },
    // The span leaves `docker://` out.
    { image: 'alpine:3.19', span: 'alpine:3.19', line: 15, column: 24 },
    { image: 'ghcr.io/example/lint:1.2', span: 'ghcr.io/example/lint:1.2', line: 17, column: 25 },
    {
      image: '${{ matrix.image }}',
      span: '${{ matrix.image }}',
      line: 25,
      column: 14,
      skip: 'uses expression ${{ matrix.image }}',
    },
  ]);
});

test('github-actions: a Docker action image, a composite action step, and a Dockerfile that is no image', () => {
  const action = fixture('action.yml');
  assert.deepEqual(githubActionsExtractor.extract(action, 'action.yml').map(seen(action)), [
    { image: 'ghcr.io/example/linter:4.1', span: 'ghcr.io/example/linter:4.1', line: 5, column: 19 },
  ]);
  const composite = fixture('composite-action/action.yml');
  assert.deepEqual(githubActionsExtractor.extract(composite, 'action.yml').map(seen(composite)), [
    { image: 'hadolint/hadolint:v2.12.0', span: 'hadolint/hadolint:v2.12.0', line: 5, column: 22 },
  ]);
  assert.deepEqual(githubActionsExtractor.extract(fixture('dockerfile-action/action.yaml'), 'action.yaml'), []);
});
