import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildContextNames } from '../src/extract/build-contexts.js';

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
