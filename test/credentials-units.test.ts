/** The pure parts of credential lookup: auth-file parsing and matching, host keys, the helper protocol, file locations. */

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { answerFor, parseAuthFile } from '../src/credentials/auth-file.js';
import { parseHelperOutput, isNotFound } from '../src/credentials/helper-protocol.js';
import { canonicalHost, helperServerUrl, hostOfKey } from '../src/credentials/hosts.js';
import { authFileLocations } from '../src/credentials/locations.js';

const base64 = (text: string) => Buffer.from(text).toString('base64');
const HUB = 'https://index.docker.io/v1/';

describe('parseAuthFile and answerFor', () => {
  it('decodes `auth` (a password may hold colons) and reads username/password fields', () => {
    const file = parseAuthFile(
      JSON.stringify({
        auths: {
          'registry.corp:5000': { auth: base64('ci:pa:ss') },
          'ghcr.io': { username: 'me', password: 'ghp_x' },
        },
      }),
    );
    assert.deepEqual(answerFor(file, 'registry.corp:5000', 'registry.corp:5000'), {
      kind: 'credentials',
      credentials: { kind: 'password', username: 'ci', password: 'pa:ss' },
      key: 'registry.corp:5000',
    });
    assert.deepEqual(answerFor(file, 'ghcr.io', 'ghcr.io'), {
      kind: 'credentials',
      credentials: { kind: 'password', username: 'me', password: 'ghp_x' },
      key: 'ghcr.io',
    });
    assert.equal(answerFor(file, 'quay.io', 'quay.io'), undefined);
  });

  it('prefers an identity token, and treats an empty entry (written next to a credsStore) as none', () => {
    const auths = { 'acr.io': { auth: base64('00000000-0000:'), identitytoken: 'refresh-me' }, 'x.io': {} };
    const file = parseAuthFile(JSON.stringify({ auths }));
    assert.deepEqual(answerFor(file, 'acr.io', 'acr.io'), {
      kind: 'credentials',
      credentials: { kind: 'identity-token', username: '00000000-0000', identityToken: 'refresh-me' },
      key: 'acr.io',
    });
    assert.equal(answerFor(file, 'x.io', 'x.io'), undefined);
  });

  it('finds Docker Hub under any of its keys, the docker CLI key first', () => {
    for (const key of [HUB, 'docker.io', 'index.docker.io', 'https://registry-1.docker.io']) {
      const file = parseAuthFile(JSON.stringify({ auths: { [key]: { auth: base64('hub:pw') } } }));
      assert.equal(answerFor(file, 'docker.io', HUB)?.kind, 'credentials', key);
    }
    const both = parseAuthFile(
      JSON.stringify({ auths: { 'docker.io': { auth: base64('podman:pw') }, [HUB]: { auth: base64('docker:pw') } } }),
    );
    const answer = answerFor(both, 'docker.io', HUB);
    assert.equal(answer?.kind === 'credentials' && answer.credentials.username, 'docker');
  });

  it('matches URL keys by host and skips per-repository keys', () => {
    const file = parseAuthFile(
      JSON.stringify({
        auths: { 'https://registry.corp/v2/': { auth: base64('a:b') }, 'quay.io/org/repo': { auth: base64('c:d') } },
      }),
    );
    assert.equal(answerFor(file, 'registry.corp', 'registry.corp')?.kind, 'credentials');
    assert.equal(answerFor(file, 'quay.io', 'quay.io'), undefined);
  });

  it('asks the host credHelpers entry first, then credsStore, before any auths entry', () => {
    const file = parseAuthFile(
      JSON.stringify({
        auths: { 'gcr.io': { auth: base64('a:b') }, 'ghcr.io': { auth: base64('a:b') } },
        credHelpers: { 'gcr.io': 'gcloud', '123.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' },
        credsStore: 'desktop',
      }),
    );
    assert.deepEqual(answerFor(file, 'gcr.io', 'gcr.io'), { kind: 'helper', helper: 'gcloud' });
    assert.deepEqual(answerFor(file, '123.dkr.ecr.eu-west-1.amazonaws.com', '123.dkr.ecr.eu-west-1.amazonaws.com'), {
      kind: 'helper',
      helper: 'ecr-login',
    });
    assert.deepEqual(answerFor(file, 'ghcr.io', 'ghcr.io'), { kind: 'helper', helper: 'desktop' });
  });

  it('rejects text that is not an auth file without quoting it', () => {
    const secret = 'hunter2-secret';
    for (const text of [`{"auths": {"x": {"password": "${secret}"}`, `["${secret}"]`]) {
      assert.throws(
        () => parseAuthFile(text),
        (error: Error) => !error.message.includes(secret),
      );
    }
    const file = parseAuthFile(JSON.stringify({ auths: { 'x.io': { auth: `${secret}!` } } }));
    assert.throws(
      () => answerFor(file, 'x.io', 'x.io'),
      (error: Error) => {
        assert.equal(error.message, 'auths.x.io.auth is not base64 of user:password');
        return true;
      },
    );
  });
});

describe('registry host keys', () => {
  it('folds Docker Hub aliases and lower-cases hosts', () => {
    assert.equal(canonicalHost('Registry-1.Docker.io'), 'docker.io');
    assert.equal(canonicalHost('Registry.Corp:5000'), 'registry.corp:5000');
  });
  it('reads the host of URL keys and bare keys', () => {
    assert.equal(hostOfKey(HUB), 'docker.io');
    assert.equal(hostOfKey('http://localhost:5000'), 'localhost:5000');
    assert.equal(hostOfKey('registry.corp:5000'), 'registry.corp:5000');
    assert.equal(hostOfKey('quay.io/org'), undefined);
  });
  it("asks helpers for Docker Hub by the docker CLI's URL in docker's files, by host in the containers files", () => {
    assert.equal(helperServerUrl('docker.io', 'docker'), HUB);
    assert.equal(helperServerUrl('docker.io', 'containers'), 'docker.io');
    assert.equal(helperServerUrl('ghcr.io', 'docker'), 'ghcr.io');
  });
});

describe('the credential helper protocol', () => {
  it('reads a user and secret, and `<token>` as an identity token', () => {
    assert.deepEqual(parseHelperOutput('{"ServerURL":"x","Username":"u","Secret":"s"}'), {
      kind: 'password',
      username: 'u',
      password: 's',
    });
    assert.deepEqual(parseHelperOutput('{"ServerURL":"x","Username":"<token>","Secret":"r"}'), {
      kind: 'identity-token',
      username: '',
      identityToken: 'r',
    });
    assert.equal(parseHelperOutput('{"ServerURL":"x","Username":"","Secret":""}'), undefined);
    assert.throws(
      () => parseHelperOutput('Secret: s3cr3t'),
      (error: Error) => !error.message.includes('s3cr3t'),
    );
  });
  it('recognizes "not found"', () => {
    assert.ok(isNotFound('credentials not found in native keychain\n'));
    assert.ok(!isNotFound('error getting credentials'));
  });
});

describe('authFileLocations', () => {
  it('reads DOCKER_CONFIG, then the containers files in order, from the variables that are set', () => {
    const env = { DOCKER_CONFIG: '/d', REGISTRY_AUTH_FILE: '/r/auth.json', XDG_RUNTIME_DIR: '/run/u', HOME: '/home/u' };
    assert.deepEqual(authFileLocations(env), [
      { path: join('/d', 'config.json'), format: 'docker' },
      { path: '/r/auth.json', format: 'containers' },
      { path: join('/run/u', 'containers', 'auth.json'), format: 'containers' },
      { path: join('/home/u', '.config', 'containers', 'auth.json'), format: 'containers' },
    ]);
  });
  it('falls back to the home directory, and reads nothing without one', () => {
    assert.deepEqual(authFileLocations({ HOME: '/h', XDG_CONFIG_HOME: '/cfg' }), [
      { path: join('/h', '.docker', 'config.json'), format: 'docker' },
      { path: join('/cfg', 'containers', 'auth.json'), format: 'containers' },
    ]);
    assert.deepEqual(authFileLocations({}), []);
  });
});
