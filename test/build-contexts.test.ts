import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildContextNames } from '../src/extract/build-contexts.js';
import { isBuildScript, readBuildScript } from '../src/files/build-scripts.js';

describe('named build contexts a repository defines', () => {
  it('Bake HCL and JSON: the keys of each target\'s contexts', () => {
    const hcl = 'target "a" {\n  contexts = {\n    base = "target:b"\n    "Src" = "./src"\n  }\n}\nvariable "contexts" {}\n';
    assert.deepEqual(buildContextNames('bake', 'docker-bake.hcl', hcl), ['base', 'src']);
    const json = '{"target": {"a": {"contexts": {"base": "docker-image://alpine:3", "tools": "./t"}}}}';
    assert.deepEqual(buildContextNames('bake', 'docker-bake.json', json), ['base', 'tools']);
  });

  it('Compose additional_contexts (map or list) and the build-push-action build-contexts input', () => {
    const compose = 'services:\n  a:\n    build:\n      additional_contexts:\n        one: ./1\n  b:\n    build:\n      additional_contexts: ["two=./2"]\n';
    assert.deepEqual(buildContextNames('compose', 'compose.yaml', compose).sort(), ['one', 'two']);
    const workflow = 'jobs:\n  b:\n    steps:\n      - with:\n          build-contexts: |\n            three=./3\n            four=docker-image://x:1\n';
    assert.deepEqual(buildContextNames('github-actions', '.github/workflows/b.yml', workflow).sort(), ['four', 'three']);
  });

  it('--build-context flags in any text, quoted or not; a file that does not parse still gives its flags', () => {
    const text = 'run: docker buildx build --build-context five=./5 --build-context="six=./6" --build-context \'seven=x\' .\n: [';
    assert.deepEqual(buildContextNames('gitlab-ci', '.gitlab-ci.yml', text), ['five', 'six', 'seven']);
  });

  it('no contexts, no names', () => {
    assert.deepEqual(buildContextNames('compose', 'compose.yaml', 'services:\n  a:\n    image: nginx\n'), []);
  });
});

describe('build scripts read for their --build-context names', () => {
  it('Makefiles, justfiles and shell scripts, by name', () => {
    for (const name of ['Makefile', 'sub/makefile', 'GNUmakefile', 'rules.mk', 'ci/build.sh', 'x.bash', 'justfile']) assert.ok(isBuildScript(name), name);
    for (const name of ['Makefile.am', 'build.py', 'sh', 'Dockerfile']) assert.ok(!isBuildScript(name), name);
  });

  it('only regular files inside the repository, up to the size cap; a FIFO never blocks', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'basepin-scripts-'));
    try {
      await writeFile(path.join(dir, 'ok.sh'), 'docker buildx build --build-context a=./a .\n');
      await writeFile(path.join(dir, 'big.sh'), 'x'.repeat(2048));
      execFileSync('mkfifo', [path.join(dir, 'fifo.sh')]);
      await symlink('/etc/hostname', path.join(dir, 'out.sh'));
      const options = { maxBytes: 1024, confine: dir };
      assert.match(readBuildScript(path.join(dir, 'ok.sh'), options) ?? '', /--build-context a=/);
      assert.equal(readBuildScript(path.join(dir, 'big.sh'), options), undefined);
      assert.equal(readBuildScript(path.join(dir, 'fifo.sh'), options), undefined);
      assert.equal(readBuildScript(path.join(dir, 'out.sh'), options), undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
