import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildContexts } from '../src/extract/build-contexts.js';
import { ContextNames } from '../src/context-names.js';
import { isBuildScript, readBuildScript } from '../src/files/build-scripts.js';

describe('named build contexts a repository defines', () => {
  it("Bake HCL: each target's contexts (with inherited ones) for its Dockerfile; unknown scope: everywhere", () => {
    const hcl =
      'target "a" {\n  context = "app"\n  dockerfile = "build/Dockerfile"\n  contexts = {\n    base = "target:b"\n    "Src" = "./src"\n  }\n}\n' +
      'target "b" {\n  inherits = ["a"]\n  contexts = { extra = "./e" }\n}\n' +
      'target "c" {\n  contexts = { plain = "./p" }\n}\n' +
      'target "d" {\n  dockerfile = "${DF}"\n  contexts = { vague = "./v" }\n}\n' +
      'variable "contexts" {}\n';
    assert.deepEqual(buildContexts('bake', 'docker-bake.hcl', hcl), [
      { names: ['base', 'src'], dockerfile: 'app/build/Dockerfile' },
      { names: ['extra', 'base', 'src'], dockerfile: 'app/build/Dockerfile' },
      { names: ['plain'], dockerfile: './Dockerfile' },
      { names: ['vague'], dockerfile: undefined },
    ]);
  });

  it('Bake JSON', () => {
    const json =
      '{"target": {"a": {"dockerfile": "x.Dockerfile", "contexts": {"base": "docker-image://alpine:3"}}, "b": {"inherits": ["zz"], "contexts": {"t": "./t"}}}}';
    assert.deepEqual(buildContexts('bake', 'docker-bake.json', json), [
      { names: ['base'], dockerfile: './x.Dockerfile' },
      { names: ['t'], dockerfile: undefined },
    ]);
  });

  it("Compose additional_contexts (map or list) for the service's Dockerfile; build-push-action build-contexts everywhere", () => {
    const compose =
      'services:\n  a:\n    build:\n      context: web\n      additional_contexts:\n        one: ./1\n' +
      '  b:\n    build:\n      dockerfile: b.Dockerfile\n      additional_contexts: ["two=./2"]\n';
    assert.deepEqual(buildContexts('compose', 'compose.yaml', compose), [
      { names: ['one'], dockerfile: 'web/Dockerfile' },
      { names: ['two'], dockerfile: './b.Dockerfile' },
    ]);
    const workflow =
      'jobs:\n  b:\n    steps:\n      - with:\n          build-contexts: |\n            three=./3\n            four=docker-image://x:1\n';
    assert.deepEqual(buildContexts('github-actions', '.github/workflows/b.yml', workflow), [
      { names: ['three', 'four'], dockerfile: undefined },
    ]);
  });

  it('--build-context flags in any text, quoted or not; a file that does not parse still gives its flags', () => {
    const text =
      'run: docker buildx build --build-context five=./5 --build-context="six=./6" --build-context \'seven=x\' .\n: [';
    assert.deepEqual(buildContexts('gitlab-ci', '.gitlab-ci.yml', text), [
      { names: ['five', 'six', 'seven'], dockerfile: undefined },
    ]);
  });

  it('no contexts, no names', () => {
    assert.deepEqual(buildContexts('compose', 'compose.yaml', 'services:\n  a:\n    image: nginx\n'), []);
  });
});

describe('build scripts read for their --build-context names', () => {
  it('Makefiles, justfiles and shell scripts, by name', () => {
    for (const name of ['Makefile', 'sub/makefile', 'GNUmakefile', 'rules.mk', 'ci/build.sh', 'x.bash', 'justfile'])
      assert.ok(isBuildScript(name), name);
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

describe('context names by Dockerfile', () => {
  it('names a file scopes to one Dockerfile apply to it alone; the others to every Dockerfile', () => {
    const names = new ContextNames('/repo/sub');
    names.add('../docker-bake.hcl', [{ names: ['alpine'], dockerfile: './app/Dockerfile' }, { names: ['tools'] }]);
    names.add('compose.yaml', [{ names: ['web'], dockerfile: 'web/./Dockerfile' }]);
    assert.deepEqual([...names.for('../app/Dockerfile')].sort(), ['alpine', 'tools']);
    assert.deepEqual([...names.for('web/Dockerfile')].sort(), ['tools', 'web']);
    assert.deepEqual([...names.for('other/Dockerfile')], ['tools']);
  });
});
