import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import test from 'node:test';
import { firstImageMention } from '../src/extract/common/image-mentions.js';
import { runBasepin } from './support/cli.js';
import { tempDirWith } from './support/files.js';

test('image mentions: keys ending in image with a value, Image=, FROM; templates and flags are none', () => {
  assert.equal(firstImageMention('a: 1\nspec:\n  image: nginx:1.25\n'), 3);
  assert.equal(firstImageMention('{\n  "baseImage": "node:20"\n}'), 2);
  assert.equal(firstImageMention('[Container]\nImage=docker.io/library/redis:7\n'), 2);
  assert.equal(firstImageMention('resource "docker_container" "web" {\n  image = "nginx:1.25"\n}\n'), 2);
  assert.equal(firstImageMention('# build\nFROM alpine:3.20\n'), 2);
  for (const none of [
    'image: "{{ .Values.image }}"\n',
    'imagePullPolicy: Always\n',
    'image: \n',
    'select *\nfrom images\n',
  ]) {
    assert.equal(firstImageMention(none), undefined, none);
  }
});

test('ls --unread lists the files that mention images basepin does not read, and only those', async () => {
  const dir = await tempDirWith('basepin-unread-', {
    Dockerfile: 'FROM alpine:3.20\n',
    'Dockerfile.scratch': 'FROM scratch\n', // read: nothing to pin is no gap
    'k8s/deploy.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: [{ image: nginx:1 }]\n',
    'k8s/runner.yaml': 'apiVersion: example.com/v1\nkind: Runner\nspec:\n  image: ghcr.io/example/runner:2\n',
    'ops/deploy-tasks.yml':
      '- hosts: web\n  tasks:\n    - community.docker.docker_container:\n        name: web\n        image: nginx:1.25\n',
    'scripts/run.env': 'APP_IMAGE=ghcr.io/example/app:1\n',
    'infra/main.tf': 'resource "docker_container" "web" {\n  name  = "web"\n  image = "nginx:1.25"\n}\n', // read
    'docs/usage.md': 'Set `image: nginx:1` in your values.\n',
    'chart/templates/deploy.yaml': 'kind: Deployment\nimage: "{{ .Values.image }}"\n',
    'bin/tool': 'binary\0image: x:1\n',
  });
  try {
    const human = await runBasepin(dir, ['ls', '--unread']);
    assert.equal(human.code, 0, human.stderr);
    assert.equal(
      human.stdout,
      [
        'k8s/runner.yaml:4: mentions an image basepin does not read',
        'ops/deploy-tasks.yml:5: mentions an image basepin does not read',
        'scripts/run.env:1: mentions an image basepin does not read',
        '',
      ].join('\n'),
    );
    const json = await runBasepin<{ unread: unknown[] }>(dir, ['ls', '--unread', '--json']);
    assert.deepEqual(json.json().unread, [
      { file: 'k8s/runner.yaml', line: 4 },
      { file: 'ops/deploy-tasks.yml', line: 5 },
      { file: 'scripts/run.env', line: 1 },
    ]);
    // Once the configuration names the custom resource, basepin reads it.
    const configured = await tempDirWith('basepin-unread-', {
      'k8s/runner.yaml': 'apiVersion: example.com/v1\nkind: Runner\nspec:\n  image: ghcr.io/example/runner:2\n',
      '.basepin.yaml': 'kubernetes: { images: [{ apiVersion: example.com/v1, kind: Runner, paths: [spec.image] }] }\n',
    });
    try {
      assert.equal((await runBasepin(configured, ['ls', '--unread'])).stdout, '');
    } finally {
      await rm(configured, { recursive: true, force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
