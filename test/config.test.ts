import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { ConfigError, loadConfig } from '../src/config/load.js';
import { emptyConfig } from '../src/config/types.js';
import { defaults } from '../src/defaults.js';

async function withConfig(text: string | undefined, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'basepin-config-'));
  try {
    if (text !== undefined) await writeFile(path.join(dir, '.basepin.yaml'), text);
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('no .basepin.yaml: the empty configuration', async () => {
  await withConfig(undefined, async (dir) => assert.deepEqual(await loadConfig(dir), emptyConfig));
});

test('an explicit --config file must exist', async () => {
  await withConfig(undefined, async (dir) => {
    await assert.rejects(loadConfig(dir, 'missing.yaml'), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /missing\.yaml/);
      return true;
    });
  });
});

test('a valid configuration, with ca resolved against the file and the mirror URL trimmed', async () => {
  const text = [
    'registries:',
    '  docker.io: { mirror: "http://127.0.0.1:5000/" }',
    '  "registry.internal:5443": { insecure: true, ca: certs/ca.pem, username: ci, password: s3cret }',
    'include: ["services/**"]',
    'exclude: ["**/testdata/**"]',
    'ignore: ["myorg/*", "*:latest"]',
  ].join('\n');
  await withConfig(text, async (dir) => {
    assert.deepEqual(await loadConfig(dir), {
      registries: {
        'docker.io': { mirror: 'http://127.0.0.1:5000' },
        'registry.internal:5443': {
          insecure: true,
          ca: path.join(dir, 'certs/ca.pem'),
          username: 'ci',
          password: 's3cret',
        },
      },
      include: ['services/**'],
      exclude: ['**/testdata/**'],
      ignore: ['myorg/*', '*:latest'],
    });
  });
});

test('mirror lists, passwordEnv and a client certificate, with paths resolved against the file', async () => {
  const text = [
    'registries:',
    '  docker.io: { mirror: ["https://mirror.corp/hub/", "http://127.0.0.1:5000"] }',
    '  "registry.internal:5443": { certificate: certs/client.pem, key: certs/client-key.pem, username: ci, passwordEnv: CI_TOKEN }',
  ].join('\n');
  await withConfig(text, async (dir) => {
    assert.deepEqual((await loadConfig(dir)).registries, {
      'docker.io': { mirror: ['https://mirror.corp/hub', 'http://127.0.0.1:5000'] },
      'registry.internal:5443': {
        certificate: path.join(dir, 'certs/client.pem'),
        key: path.join(dir, 'certs/client-key.pem'),
        username: 'ci',
        passwordEnv: 'CI_TOKEN',
      },
    });
  });
});

test('every problem is named by its key path', async () => {
  const text = [
    'registries:',
    '  docker.io: { mirror: "ftp://x", insecure: "yes", colour: blue }',
    '  "bad host!": {}',
    '  quay.io: { username: only }',
    '  ghcr.io: { mirror: ["https://ok.example", "nope", 7], username: u, password: p, passwordEnv: P }',
    '  gcr.io: { mirror: [], certificate: c.pem, passwordEnv: "not a name" }',
    'ignore: nope',
    'extra: 1',
  ].join('\n');
  await withConfig(text, async (dir) => {
    await assert.rejects(loadConfig(dir), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems.sort(), [
        'extra: unknown key',
        'ignore: must be a list of non-empty strings',
        'registries.bad host!: not a registry host (host or host:port)',
        'registries.docker.io.colour: unknown key',
        'registries.docker.io.insecure: must be true or false',
        'registries.docker.io.mirror: must be an http:// or https:// URL, or a list of them',
        'registries.gcr.io.mirror: must be an http:// or https:// URL, or a list of them',
        'registries.gcr.io.passwordEnv: must be the name of an environment variable',
        'registries.gcr.io: certificate and key go together',
        'registries.ghcr.io.mirror[1]: must be an http:// or https:// URL',
        'registries.ghcr.io.mirror[2]: must be an http:// or https:// URL',
        'registries.ghcr.io: password and passwordEnv exclude each other',
        'registries.quay.io: username and password (or passwordEnv) go together',
      ]);
      return true;
    });
  });
});

test('YAML syntax errors are reported with the file name', async () => {
  await withConfig('registries: [unclosed\n', async (dir) => {
    await assert.rejects(loadConfig(dir), /invalid configuration \.basepin\.yaml/);
  });
});

test('a YAML syntax error says where, without quoting the line (it may hold a password)', async () => {
  await withConfig('registries:\n  x: { password: hunter2, [\n', async (dir) => {
    await assert.rejects(loadConfig(dir), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /line \d+, column \d+/);
      assert.ok(!error.message.includes('hunter2'), error.message);
      return true;
    });
  });
});

test('verify and timeout: a boolean, and a duration or a number of seconds above 0', async () => {
  const text = [
    'registries:',
    '  docker.io: { verify: true, timeout: 15s }',
    '  quay.io: { timeout: 2.5 }',
    '  ghcr.io: { timeout: "500ms", verify: false }',
    '  gcr.io: { verify: "yes", timeout: 0 }',
    '  "registry.internal:5000": { timeout: soon }',
  ].join('\n');
  await withConfig(text, async (dir) => {
    await assert.rejects(loadConfig(dir), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      const timeout = 'must be a duration like 15s or 500ms, or a number of seconds, above 0';
      assert.deepEqual(error.problems.sort(), [
        `registries.gcr.io.timeout: ${timeout}`,
        'registries.gcr.io.verify: must be true or false',
        `registries.registry.internal:5000.timeout: ${timeout}`,
      ]);
      return true;
    });
  });
  await withConfig(text.split('\n').slice(0, 4).join('\n'), async (dir) => {
    assert.deepEqual((await loadConfig(dir)).registries, {
      'docker.io': { verify: true, timeoutMs: 15_000 },
      'quay.io': { timeoutMs: 2_500 },
      'ghcr.io': { timeoutMs: 500, verify: false },
    });
  });
});

test('kubernetes.images and helm.digest: read, and every problem named by its key path', async () => {
  const good = [
    'kubernetes:',
    '  images:',
    '    - { apiVersion: example.com/v1, kind: Runner, paths: ["spec.runner.image", "spec.jobs.*.steps[].image"] }',
    'helm: { digest: tag }',
  ].join('\n');
  await withConfig(good, async (dir) => {
    const config = await loadConfig(dir);
    assert.deepEqual(config.kubernetes, {
      images: [
        { apiVersion: 'example.com/v1', kind: 'Runner', paths: ['spec.runner.image', 'spec.jobs.*.steps[].image'] },
      ],
    });
    assert.deepEqual(config.helm, { digest: 'tag' });
  });
  const bad = [
    'kubernetes:',
    '  images:',
    '    - { apiVersion: "Example.com/v 1", kind: "", paths: ["spec..image", "spec.a[b].image", 3] }',
    '    - { kind: Runner, paths: [], colour: blue }',
    '    - nope',
    'helm: { digest: annotation }',
  ].join('\n');
  await withConfig(bad, async (dir) => {
    await assert.rejects(loadConfig(dir), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems.sort(), [
        'helm.digest: must be field (an existing digest: key, else the tag) or tag',
        'kubernetes.images[0].apiVersion: must be group/version (example.com/v1) or a group',
        'kubernetes.images[0].kind: must be a kind (Runner)',
        'kubernetes.images[0].paths[0]: "" is not a key (letters, digits, _ - $), "*", or either with "[]"',
        'kubernetes.images[0].paths[1]: "a[b]" is not a key (letters, digits, _ - $), "*", or either with "[]"',
        'kubernetes.images[0].paths[2]: must be a string',
        'kubernetes.images[1].apiVersion: must be group/version (example.com/v1) or a group',
        'kubernetes.images[1].colour: unknown key',
        'kubernetes.images[1].paths: must be a non-empty list of paths (spec.runner.image, spec.steps[].image)',
        'kubernetes.images[2]: must be a mapping (apiVersion, kind, paths)',
      ]);
      return true;
    });
  });
});

/** A "billion laughs": ten levels of ten aliases each, 10^10 strings once expanded. */
function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level < 10; level++)
    lines.push(
      `a${level}: &a${level} [${Array(10)
        .fill(`*a${level - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\nregistries: {}\n`;
}

test('a YAML alias bomb is refused as too many aliases, not expanded', async () => {
  await withConfig(aliasBomb(), async (dir) => {
    await assert.rejects(loadConfig(dir), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, ['too many YAML aliases']);
      return true;
    });
  });
});

test('a few aliases are fine', async () => {
  const text = 'registries:\n  a.example: &common { username: u, passwordEnv: P }\n  b.example: *common\n';
  await withConfig(text, async (dir) => {
    const config = await loadConfig(dir);
    assert.equal(config.registries['b.example']?.username, 'u');
  });
});

test('too deeply nested YAML says so, with the position', async () => {
  await withConfig(`registries: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, async (dir) => {
    await assert.rejects(loadConfig(dir), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.problems[0]!, /^line 1, column \d+: too deeply nested$/);
      return true;
    });
  });
});

test('.basepin.yaml is read only when it is a regular file, and only up to the cap', async () => {
  await withConfig(undefined, async (dir) => {
    const file = path.join(dir, '.basepin.yaml');
    await symlink('/dev/zero', file);
    await assert.rejects(loadConfig(dir), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, ['not a regular file (a character device); basepin reads only regular files']);
      return true;
    });
    await rm(file);
    await writeFile(file, `# ${'x'.repeat(defaults.maxConfigFileBytes)}\n`);
    await assert.rejects(loadConfig(dir), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, [`larger than ${defaults.maxConfigFileBytes} bytes; basepin leaves it alone`]);
      return true;
    });
  });
});
