import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from '../src/config/load.js';
import { completeForge, loadDependents, remoteLocation, validateDependents } from '../src/dependents/index.js';

describe('dependents file validation', () => {
  test('fills the defaults, resolves local paths against the file, normalizes published images', () => {
    const result = validateDependents(
      {
        dependents: [
          { repo: '../apps/b.git', publishes: ['registry.test/team/b:1', 'registry.test/c'] },
          { repo: 'file:///srv/c.git', branch: 'release/1', paths: ['services/api', 'Dockerfile'], mode: 'push' },
        ],
      },
      '/etc/basepin',
    );
    assert.deepEqual(result, {
      dependents: [
        {
          repo: '/etc/apps/b.git',
          paths: ['.'],
          mode: 'pull-request',
          publishes: ['registry.test/team/b:1', 'registry.test/c:latest'],
        },
        {
          repo: 'file:///srv/c.git',
          branch: 'release/1',
          paths: ['services/api', 'Dockerfile'],
          mode: 'push',
          publishes: [],
        },
      ],
    });
  });

  test('every problem is named by its place', () => {
    const result = validateDependents(
      {
        dependents: [
          { repo: 'git@github.com:o/r.git', mode: 'merge', paths: ['../up', '/abs', 'ok/..fine'], extra: true },
          { branch: 'main' },
          { repo: '--upload-pack=evil', forge: { type: 'bitbucket', tokenEnv: 'not a name' } },
        ],
        other: 1,
      },
      '/',
    );
    assert.deepEqual(result, {
      problems: [
        'other: unknown key',
        'dependents[0].extra: unknown key',
        'dependents[0].paths[0]: must be a path inside the repository (relative, without ..)',
        'dependents[0].paths[1]: must be a path inside the repository (relative, without ..)',
        'dependents[0].mode: must be one of pull-request, push',
        'dependents[1].repo: required',
        'dependents[2].repo: must be a git URL or path (no spaces, not starting with -)',
        'dependents[2].forge.type: must be one of github, gitlab',
        'dependents[2].forge.tokenEnv: must be an environment variable name',
      ],
    });
    assert.deepEqual(validateDependents([], '/'), { problems: ['(top level): must be a mapping of keys'] });
    assert.deepEqual(
      validateDependents({ dependents: [{ repo: 'a', publishes: ['Bad:Name', `b@sha256:${'a'.repeat(64)}`] }] }, '/'),
      {
        problems: [
          'dependents[0].publishes[0]: invalid reference format: repository name (library/Bad) must be lowercase',
          'dependents[0].publishes[1]: a published image is a name and tag, without a digest',
        ],
      },
    );
  });

  test('the forge is inferred from github.com and gitlab.com URLs, or completed from its type', () => {
    assert.deepEqual(remoteLocation('https://github.com/owner/name.git'), {
      host: 'github.com',
      project: 'owner/name',
    });
    assert.deepEqual(remoteLocation('git@gitlab.com:group/sub/name.git'), {
      host: 'gitlab.com',
      project: 'group/sub/name',
    });
    assert.deepEqual(remoteLocation('ssh://git@ghe.example.com:2222/team/app'), {
      host: 'ghe.example.com',
      project: 'team/app',
    });
    assert.equal(remoteLocation('/srv/git/app.git'), undefined);
    assert.equal(remoteLocation('file:///srv/git/app.git'), undefined);

    assert.deepEqual(completeForge('https://github.com/o/r', undefined), {
      forge: { type: 'github', api: 'https://api.github.com', project: 'o/r', tokenEnv: 'GITHUB_TOKEN' },
    });
    assert.deepEqual(completeForge('https://ghe.example.com/o/r.git', { type: 'github' }), {
      forge: { type: 'github', api: 'https://ghe.example.com/api/v3', project: 'o/r', tokenEnv: 'GITHUB_TOKEN' },
    });
    assert.deepEqual(completeForge('git@gitlab.example.com:g/r.git', { type: 'gitlab', tokenEnv: 'GL' }), {
      forge: { type: 'gitlab', api: 'https://gitlab.example.com/api/v4', project: 'g/r', tokenEnv: 'GL' },
    });
    assert.deepEqual(completeForge('https://git.example.com/o/r.git', undefined), {}, 'an unknown host: no forge');
    assert.deepEqual(completeForge('/srv/r.git', { type: 'gitlab', project: 'g/r' }), {
      problem: 'forge.api: cannot be inferred from the repository URL; give it',
    });
    assert.deepEqual(
      completeForge('/srv/r.git', { type: 'gitlab', api: 'http://127.0.0.1:1/api/v4/', project: 'g/r' }),
      {
        forge: { type: 'gitlab', api: 'http://127.0.0.1:1/api/v4', project: 'g/r', tokenEnv: 'GITLAB_TOKEN' },
      },
    );
  });

  test('a forge API is reached over HTTPS: plain http only on a loopback host, where the token stays on the machine', () => {
    const withApi = (...apis: string[]) =>
      validateDependents(
        { dependents: apis.map((api) => ({ repo: '/srv/r.git', forge: { type: 'github', api, project: 'o/r' } })) },
        '/',
      );
    assert.deepEqual(
      withApi('http://ghe.example.com/api/v3', 'https://ghe.example.com/api/v3', 'http://10.0.0.8:8080/api/v3'),
      {
        problems: [
          'dependents[0].forge.api: must be an https URL (the API token would cross the network in clear); http is for a loopback host only',
          'dependents[2].forge.api: must be an https URL (the API token would cross the network in clear); http is for a loopback host only',
        ],
      },
    );
    const loopback = withApi('http://127.0.0.1:8080/api/v3', 'http://localhost/api/v3', 'http://[::1]:9/api/v3');
    assert.ok('dependents' in loopback, JSON.stringify(loopback));
    assert.deepEqual(
      loopback.dependents.map((dependent) => dependent.forge?.api),
      ['http://127.0.0.1:8080/api/v3', 'http://localhost/api/v3', 'http://[::1]:9/api/v3'],
    );
  });
});

describe('loading the dependents file', () => {
  test('reads basepin-dependents.yaml, or the file given; a missing or invalid file is a ConfigError', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'basepin-dependents-'));
    try {
      await writeFile(path.join(dir, 'basepin-dependents.yaml'), 'dependents:\n  - repo: ./b.git\n    mode: push\n');
      assert.deepEqual(await loadDependents(dir), [
        { repo: path.join(dir, 'b.git'), paths: ['.'], mode: 'push', publishes: [] },
      ]);

      await writeFile(path.join(dir, 'other.yaml'), 'dependents:\n  - repo: x\n    mode: sometimes\n');
      await assert.rejects(loadDependents(dir, 'other.yaml'), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.file, 'other.yaml');
        assert.deepEqual(error.problems, ['dependents[0].mode: must be one of pull-request, push']);
        return true;
      });
      await assert.rejects(
        loadDependents(dir, 'missing.yaml'),
        (error: unknown) => error instanceof ConfigError && /ENOENT/.test(error.message),
      );
      await writeFile(path.join(dir, 'broken.yaml'), 'dependents: [\n');
      await assert.rejects(loadDependents(dir, 'broken.yaml'), ConfigError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
