import assert from 'node:assert/strict';
import test from 'node:test';
import { ansibleExtractor } from '../src/extract/sources/ansible.js';
import { extractorFor } from '../src/extract/index.js';
import { readFixture } from './support/extract.js';
import { pinText } from './support/pin-text.js';

const path = 'roles/web/tasks/main.yml';
const text = readFixture('ansible', path);

test('ansible: role tasks and handlers, and playbooks, by name', () => {
  for (const name of [path, 'roles/db/handlers/main.yaml', 'playbooks/deploy.yml', 'site.yml', 'ops/playbook.yaml']) {
    assert.equal(extractorFor(name)?.kind, 'ansible', name);
  }
  for (const name of ['tasks/build.yaml', 'tekton/tasks/build.yaml', 'roles/web/defaults/main.yml']) {
    assert.notEqual(extractorFor(name)?.kind, 'ansible', name);
  }
});

test('ansible: the image of docker_container and podman_container tasks, in blocks too', () => {
  const seen = ansibleExtractor
    .extract(text, path)
    .map(
      (found) => `${found.line}:${found.column} ${found.image}${found.skip === undefined ? '' : ` (${found.skip})`}`,
    );
  assert.deepEqual(seen, [
    '6:12 busybox:1.36',
    '13:13 ubuntu:24.04',
    '21:16 quay.io/bitnami/wildfly:31',
    '26:17 registry.example.com/app:{{ app_version }} (uses expression {{ app_version }})',
  ]);
  const D = `sha256:${'1'.repeat(64)}`;
  assert.equal(
    pinText(ansibleExtractor, text, path, D),
    text
      .replace('busybox:1.36', `busybox:1.36@${D}`)
      .replace('"ubuntu:24.04"', `"ubuntu:24.04@${D}"`)
      .replace('wildfly:31', `wildfly:31@${D}`),
  );
});
