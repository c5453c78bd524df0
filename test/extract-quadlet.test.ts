import assert from 'node:assert/strict';
import test from 'node:test';
import { extractorFor } from '../src/extract/index.js';
import { quadletExtractor } from '../src/extract/sources/quadlet.js';
import { readFixture } from './support/extract.js';
import { pinText } from './support/pin-text.js';

const read = (name: string) =>
  quadletExtractor
    .extract(readFixture('quadlet', `systemd/${name}`), name)
    .map(
      (found) => `${found.line}:${found.column} ${found.image}${found.skip === undefined ? '' : ` (${found.skip})`}`,
    );

test('quadlet: .container anywhere; .image and .volume only in a Quadlet directory', () => {
  for (const path of [
    'web.container',
    'deploy/app.container',
    'systemd/app.image',
    'quadlets/db.volume',
    'x/quadlet/a/b.image',
  ]) {
    assert.equal(extractorFor(path)?.kind, 'quadlet', path);
  }
  for (const path of ['disk.image', 'vm/root.volume', 'app.container.bak'])
    assert.equal(extractorFor(path), undefined, path);
});

test('quadlet: Image= of [Container], [Image] and [Volume]; units and short names are not pinned', () => {
  assert.deepEqual(read('hello.container'), ['7:7 docker.io/library/alpine:3.20']);
  assert.deepEqual(read('web.container'), ['2:8 quay.io/podman/hello:latest']);
  assert.deepEqual(read('short.container'), ['2:7 nginx (short name: Podman resolves it through registries.conf)']);
  assert.deepEqual(read('app.image'), ['2:7 ghcr.io/example/app:1.4']);
  assert.deepEqual(read('data.volume'), ['3:7 registry.fedoraproject.org/fedora:40']);
});

test('quadlet: pinning writes the digest after the tag, quotes and CRLF kept', () => {
  const D = `sha256:${'d'.repeat(64)}`;
  const text = '[Container]\r\nImage="quay.io/podman/hello:latest"\r\n';
  assert.equal(
    pinText(quadletExtractor, text, 'a.container', D),
    `[Container]\r\nImage="quay.io/podman/hello:latest@${D}"\r\n`,
  );
});
