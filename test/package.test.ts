/**
 * The published package, as a user gets it: `npm pack` a copy of this checkout (so the suite's own dist/ is never
 * rebuilt under the other tests), install the tarball into an empty directory, and run what it installed. The npm
 * registry is reachable in CI, and `npm ci` has already filled npm's cache: dependencies come from the cache first.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { scratch } from './support/git.js';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
};
/** What `npm pack` needs of the checkout: sources, build settings, and the files the package carries. */
const PACKAGE_SOURCES = [
  ...['src', 'schemas', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'],
  ...['README.md', 'LICENSE', 'NOTICE', 'CHANGELOG.md'],
];

/** The environment without what `npm test` sets for its own run (npm_config_*, npm_lifecycle_*), which nested npm runs would obey. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')),
  );
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

async function run(file: string, args: string[], cwd: string, timeout = 120_000) {
  return exec(file, args, { cwd, env: cleanEnv(), timeout, maxBuffer: 16 * 1024 * 1024 });
}

interface PackResult {
  filename: string;
  files: { path: string }[];
}

describe('the packed package', { timeout: 240_000 }, () => {
  let work: Awaited<ReturnType<typeof scratch>>;
  let tarball: string;
  let packed: PackResult;
  let installDir: string;
  let installOutput: { stdout: string; stderr: string };

  before(async () => {
    work = await scratch('basepin-package-');
    const copy = path.join(work.dir, 'checkout');
    await mkdir(copy);
    for (const entry of PACKAGE_SOURCES) await cp(path.join(root, entry), path.join(copy, entry), { recursive: true });
    await symlink(await realpath(path.join(root, 'node_modules')), path.join(copy, 'node_modules'));
    const out = path.join(work.dir, 'out');
    await mkdir(out);
    // The build `npm ci` runs (postprepare), then the pack; no script runs during the pack, so its output is only
    // the JSON (pre-commit's node hooks read the tarball's name from it).
    await run('npm', ['run', '--silent', 'postprepare'], copy);
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', out], copy);
    [packed] = JSON.parse(stdout) as PackResult[];
    tarball = path.join(out, packed!.filename);

    installDir = path.join(work.dir, 'empty');
    await mkdir(installDir);
    installOutput = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], installDir);
  });
  after(() => work?.remove());

  test('holds the build, the licence and the notice; no source maps, sources or tests', () => {
    const files = packed.files.map((file) => file.path);
    const schemas = ['schemas/basepin.schema.json', 'schemas/basepin-dependents.schema.json'];
    const built = ['dist/src/cli/main.js', 'dist/src/index.d.ts'];
    for (const wanted of ['LICENSE', 'NOTICE', 'README.md', 'CHANGELOG.md', 'package.json', ...built, ...schemas]) {
      assert.ok(files.includes(wanted), `${wanted} is in the package`);
    }
    assert.deepEqual(
      files.filter((file) => file.endsWith('.map')),
      [],
    );
    const expected = (file: string) =>
      /^(dist\/src\/|[A-Z]+(\.md)?$|package\.json$)/.test(file) || schemas.includes(file);
    assert.deepEqual(
      files.filter((file) => !expected(file)),
      [],
      'nothing else',
    );
    assert.equal(manifest.license, 'Apache-2.0');
  });

  test('no file in it points at a source map', async () => {
    const main = await readFile(path.join(installDir, 'node_modules/basepin/dist/src/cli/main.js'), 'utf8');
    assert.doesNotMatch(main, /sourceMappingURL/);
    const { stdout } = await run('grep', ['-rl', 'sourceMappingURL', 'node_modules/basepin/dist'], installDir).catch(
      (error) => error,
    );
    assert.equal(stdout, '', 'grep found no sourceMappingURL comment');
  });

  test('installs into an empty directory without running a script or printing a warning', () => {
    assert.doesNotMatch(installOutput.stderr, /warn|install script|prepare/i, installOutput.stderr);
    assert.match(installOutput.stdout, /added \d+ packages?/);
  });

  test('`basepin --version` (bin and npx) prints the version package.json says', async () => {
    const bin = await run(path.join(installDir, 'node_modules/.bin/basepin'), ['--version'], installDir);
    assert.equal(bin.stdout.trim(), manifest.version);
    const npx = await run('npx', ['--offline', 'basepin', '--version'], installDir);
    assert.equal(npx.stdout.trim(), manifest.version);
  });

  test('the installed CLI reads a project', async () => {
    const project = path.join(work.dir, 'project');
    await mkdir(project);
    await writeFile(path.join(project, 'Dockerfile'), 'FROM registry.example/app/base:1\nRUN true\n');
    const { stdout } = await run(
      path.join(installDir, 'node_modules/.bin/basepin'),
      ['ls', '--json', project],
      installDir,
    );
    const references = (JSON.parse(stdout) as { references: { kind: string; image: string; status: string }[] })
      .references;
    assert.deepEqual(
      references.map(({ kind, image, status }) => ({ kind, image, status })),
      [{ kind: 'dockerfile', image: 'registry.example/app/base:1', status: 'unpinned' }],
    );
  });

  test('the library is what src/index.ts exports, and nothing deeper', async () => {
    const script = [
      "const basepin = await import('basepin');",
      "const names = ['run', 'loadConfig', 'RegistryClient', 'propagate', 'diffImages', 'loadImage', 'parseNormalized'];",
      "console.log(JSON.stringify(names.filter((name) => typeof basepin[name] !== 'function')));",
      "await import('basepin/dist/src/run.js').then(() => console.log('deep'), (error) => console.log(error.code));",
      "console.log((await import('basepin/package.json', { with: { type: 'json' } })).default.version);",
      // The JSON Schemas, for tools that resolve them as modules.
      "const { createRequire } = await import('node:module');",
      "const schemaFile = createRequire(process.cwd() + '/').resolve('basepin/schemas/basepin.schema.json');",
      "console.log(schemaFile.endsWith('node_modules/basepin/schemas/basepin.schema.json'));",
      "console.log((await import('basepin/schemas/basepin-dependents.schema.json', { with: { type: 'json' } })).default.title);",
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], installDir);
    const schemaTitle = 'basepin dependents (basepin-dependents.yaml)';
    assert.deepEqual(stdout.trim().split('\n'), [
      '[]',
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
      manifest.version,
      'true',
      schemaTitle,
    ]);
  });
});
