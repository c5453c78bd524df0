/**
 * The JSON Schemas the package ships (`schemas/`), for editors: the dependents one is the very schema basepin
 * validates with (ajv), the `.basepin.yaml` one must agree with basepin's own validator (src/config/validate.ts) on
 * every configuration here, valid or not, so that neither can drift from the other.
 */

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parseConfigYaml } from '../src/config/load.js';
import { validateConfig } from '../src/config/validate.js';
import { CONFIG_TEMPLATE } from '../src/cli/commands/init.js';
import { dependentsSchema } from '../src/dependents/schema.js';
import { validateDependents } from '../src/dependents/validate.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readJson = async (file: string) =>
  JSON.parse(await readFile(path.join(root, file), 'utf8')) as Record<string, unknown>;
const configSchema = await readJson('schemas/basepin.schema.json');
const schemaAccepts = new Ajv({ allErrors: true }).compile(configSchema);

/** Configurations basepin accepts, one key or pairing at a time, and whole files. */
const VALID: Record<string, unknown>[] = [
  {},
  { $schema: 'https://raw.githubusercontent.com/basepin/basepin/main/schemas/basepin.schema.json' },
  { registries: {} },
  { registries: { 'docker.io': {} } },
  { registries: { 'docker.io': { mirror: 'http://127.0.0.1:5000/' } } },
  { registries: { 'docker.io': { mirror: 'HTTPS://mirror.internal/v2/prefix' } } },
  { registries: { 'docker.io': { mirror: ['https://a.internal', 'http://[::1]:5000'] } } },
  { registries: { '[::1]:5000': { insecure: true, verify: false } } },
  { registries: { 'registry.internal:5443': { ca: 'certs/ca.pem', certificate: 'c.pem', key: 'k.pem' } } },
  { registries: { 'ghcr.io': { username: 'ci', password: '' } } },
  { registries: { 'ghcr.io': { username: 'ci', passwordEnv: 'GHCR_TOKEN' } } },
  { registries: { 'ghcr.io': { timeout: '15s' } } },
  { registries: { 'ghcr.io': { timeout: '500ms' } } },
  { registries: { 'ghcr.io': { timeout: '1m' } } },
  { registries: { 'ghcr.io': { timeout: ' 2.5 ' } } },
  { registries: { 'ghcr.io': { timeout: 2.5 } } },
  { registries: { 'ghcr.io': { timeout: 30 } } },
  { include: ['services/**'], exclude: ['**/testdata/**'], ignore: ['myorg/*', '*:latest'] },
  { include: [] },
  { maxFileBytes: 1 },
  { maxFileBytes: 16777216 },
  { kubernetes: { images: [] } },
  {
    kubernetes: {
      images: [{ apiVersion: 'example.com/v1', kind: 'Runner', paths: ['spec.runner.image', 'spec.*.steps[].image'] }],
    },
  },
  { kubernetes: { images: [{ apiVersion: 'v1', kind: 'Pod', paths: ['spec.containers[][]'] }] } },
  { kubernetes: { images: [{ apiVersion: 'apps', kind: 'X1', paths: ['$a-b_c'] }] } },
  { helm: {} },
  { helm: { digest: 'field' } },
  { helm: { digest: 'tag' } },
];

/** Configurations basepin refuses: at least one for every problem validate.ts and validate-sources.ts report. */
const INVALID: unknown[] = [
  [],
  'registries',
  { registry: {} },
  { $schema: 5 },
  { registries: [] },
  { registries: { 'not a host': {} } },
  { registries: { 'host:port': {} } },
  { registries: { 'docker.io': 'http://mirror' } },
  { registries: { 'docker.io': { mirrors: 'http://mirror' } } },
  { registries: { 'docker.io': { mirror: 5 } } },
  { registries: { 'docker.io': { mirror: 'ftp://mirror' } } },
  { registries: { 'docker.io': { mirror: 'mirror.internal' } } },
  { registries: { 'docker.io': { mirror: 'http://user:pw@mirror.internal' } } },
  { registries: { 'docker.io': { mirror: 'http://' } } },
  { registries: { 'docker.io': { mirror: [] } } },
  { registries: { 'docker.io': { mirror: ['http://ok', 'bad'] } } },
  { registries: { 'docker.io': { insecure: 'yes' } } },
  { registries: { 'docker.io': { verify: 1 } } },
  { registries: { 'docker.io': { timeout: 0 } } },
  { registries: { 'docker.io': { timeout: -1 } } },
  { registries: { 'docker.io': { timeout: '0s' } } },
  { registries: { 'docker.io': { timeout: '0' } } },
  { registries: { 'docker.io': { timeout: '15 minutes' } } },
  { registries: { 'docker.io': { timeout: true } } },
  { registries: { 'docker.io': { ca: '' } } },
  { registries: { 'docker.io': { ca: ['a.pem'] } } },
  { registries: { 'docker.io': { certificate: 'c.pem' } } },
  { registries: { 'docker.io': { key: 'k.pem' } } },
  { registries: { 'docker.io': { username: 'ci' } } },
  { registries: { 'docker.io': { password: 'pw' } } },
  { registries: { 'docker.io': { passwordEnv: 'TOKEN' } } },
  { registries: { 'docker.io': { username: 'ci', password: 'pw', passwordEnv: 'TOKEN' } } },
  { registries: { 'docker.io': { username: 5, password: 'pw' } } },
  { registries: { 'docker.io': { username: 'ci', password: 5 } } },
  { registries: { 'docker.io': { username: 'ci', passwordEnv: '1TOKEN' } } },
  { registries: { 'docker.io': { username: 'ci', passwordEnv: 'MY-TOKEN' } } },
  { include: 'services/**' },
  { exclude: [''] },
  { ignore: [5] },
  { maxFileBytes: 0 },
  { maxFileBytes: 1.5 },
  { maxFileBytes: '1MiB' },
  { maxFileBytes: 2 ** 60 },
  { kubernetes: [] },
  { kubernetes: {} },
  { kubernetes: { images: {} } },
  { kubernetes: { images: [], crds: [] } },
  { kubernetes: { images: ['Runner'] } },
  { kubernetes: { images: [{ apiVersion: 'example.com/v1', kind: 'Runner', paths: ['spec.image'], extra: 1 }] } },
  { kubernetes: { images: [{ kind: 'Runner', paths: ['spec.image'] }] } },
  { kubernetes: { images: [{ apiVersion: 'Example.com/v1', kind: 'Runner', paths: ['spec.image'] }] } },
  { kubernetes: { images: [{ apiVersion: 'example.com/v1', kind: '1Runner', paths: ['spec.image'] }] } },
  { kubernetes: { images: [{ apiVersion: 'example.com/v1', paths: ['spec.image'] }] } },
  { kubernetes: { images: [{ apiVersion: 'example.com/v1', kind: 'Runner', paths: [] }] } },
  { kubernetes: { images: [{ apiVersion: 'example.com/v1', kind: 'Runner' }] } },
  { kubernetes: { images: [{ apiVersion: 'example.com/v1', kind: 'Runner', paths: [''] }] } },
  { kubernetes: { images: [{ apiVersion: 'example.com/v1', kind: 'Runner', paths: ['spec..image'] }] } },
  { kubernetes: { images: [{ apiVersion: 'example.com/v1', kind: 'Runner', paths: ['spec[0].image'] }] } },
  { kubernetes: { images: [{ apiVersion: 'example.com/v1', kind: 'Runner', paths: [5] }] } },
  { helm: 'field' },
  { helm: { digest: 'annotation' } },
  { helm: { digest: 'field', tag: true } },
];

/** The first ```yaml block after `heading` in the README. */
async function readmeYaml(heading: string): Promise<string> {
  const readme = await readFile(path.join(root, 'README.md'), 'utf8');
  const block = /```yaml\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf(heading)));
  assert.ok(block, `a yaml block after ${heading}`);
  return block[1]!;
}

describe('schemas/basepin.schema.json agrees with the .basepin.yaml validator', () => {
  const agree = (data: unknown, valid: boolean) => {
    const result = validateConfig(data, '/');
    const problems = 'problems' in result ? result.problems : [];
    const text = JSON.stringify(data);
    assert.equal(
      problems.length === 0,
      valid,
      `basepin ${valid ? 'accepts' : 'refuses'} ${text}: ${problems.join('; ')}`,
    );
    const errors = schemaAccepts(data) ? '' : JSON.stringify(schemaAccepts.errors);
    assert.equal(errors === '', valid, `the schema ${valid ? 'accepts' : 'refuses'} ${text} ${errors}`);
  };

  test('every valid configuration, each key on its own', () => VALID.forEach((data) => agree(data, true)));
  test('every invalid one, at least one per problem basepin reports', () =>
    INVALID.forEach((data) => agree(data, false)));

  test("the README's example, and the template `basepin init` writes with every key uncommented", async () => {
    const example = await readmeYaml('## Configuration (`.basepin.yaml`)');
    assert.match(
      example,
      /^# yaml-language-server: \$schema=\S+basepin\.schema\.json\n/,
      'the README shows editors the schema',
    );
    agree(parseConfigYaml(example, 'README.md'), true);
    const uncommented = CONFIG_TEMPLATE.split('\n')
      .map((line) => line.replace(/^# (?=\w| {2})/, ''))
      .slice(2)
      .join('\n');
    const template = parseConfigYaml(uncommented, 'init') as Record<string, unknown>;
    assert.deepEqual(Object.keys(template), ['registries', 'include', 'exclude', 'ignore']);
    agree(template, true);
  });

  test('the schema describes every key basepin knows, no more', () => {
    const properties = configSchema.properties as Record<string, unknown>;
    const top = ['$schema', 'exclude', 'helm', 'ignore', 'include', 'kubernetes', 'maxFileBytes', 'registries'];
    assert.deepEqual(Object.keys(properties).sort(), top);
    const registry = (configSchema.definitions as { registry: { properties: Record<string, unknown> } }).registry;
    const keys = [
      'ca',
      'certificate',
      'insecure',
      'key',
      'mirror',
      'password',
      'passwordEnv',
      'timeout',
      'username',
      'verify',
    ];
    assert.deepEqual(Object.keys(registry.properties).sort(), keys);
    // Each key unknown to basepin is refused by both.
    for (const key of keys) agree({ registries: { 'docker.io': { [`${key}x`]: true } } }, false);
  });
});

describe('schemas/basepin-dependents.schema.json', () => {
  test('is the schema basepin validates dependents files with', async () => {
    const shipped = await readJson('schemas/basepin-dependents.schema.json');
    // To refresh it after changing src/dependents/schema.ts: write JSON.stringify(dependentsSchema, null, 2) to the file.
    assert.deepEqual(shipped, JSON.parse(JSON.stringify(dependentsSchema)));
  });

  test('a $schema key is accepted (a string) and ignored', () => {
    const data = {
      $schema: 'https://raw.githubusercontent.com/basepin/basepin/main/schemas/basepin-dependents.schema.json',
    };
    const result = validateDependents({ ...data, dependents: [{ repo: 'https://git.example/app.git' }] }, '/');
    assert.ok('dependents' in result, JSON.stringify(result));
    assert.deepEqual(validateDependents({ $schema: 5, dependents: [] }, '/'), {
      problems: ['$schema: must be a string'],
    });
  });

  test("the README's example is valid", async () => {
    const example = await readmeYaml('## Propagation');
    assert.match(example, /^# yaml-language-server: \$schema=\S+basepin-dependents\.schema\.json\n/);
    assert.ok('dependents' in validateDependents(parseConfigYaml(example, 'README.md'), '/'));
  });
});

describe('$schema in .basepin.yaml', () => {
  test('a string is accepted and ignored; anything else is a problem named by its key', () => {
    const result = validateConfig({ $schema: './node_modules/basepin/schemas/basepin.schema.json' }, '/');
    assert.deepEqual(result, { config: { registries: {}, include: [], exclude: [], ignore: [] } });
    const problem = '$schema: must be a string (the URL of a JSON Schema)';
    assert.deepEqual(validateConfig({ $schema: ['x'] }, '/'), { problems: [problem] });
  });
});
