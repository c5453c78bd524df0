import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describeFailure } from '../src/cli/errors.js';
import { runBasepin, type CliRun } from './support/cli.js';
import { writeCredentialHelper } from './support/credential-helper.js';
import { tempDirWith } from './support/files.js';
import { pushDockerImage, type Pushed } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';

const BIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

/** The run failed the way the error map says: exit 2, exactly one line on stderr, `basepin: ` first, no stack. */
function oneLine(run: CliRun<unknown>, pattern: RegExp): void {
  assert.equal(run.code, 2, `exit 2; stderr: ${run.stderr}`);
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  assert.equal(lines.length, 1, `one line, got:\n${run.stderr}`);
  assert.match(lines[0]!, /^basepin: /);
  assert.match(lines[0]!, pattern);
  assert.ok(!/internal error|\n\s+at /.test(run.stderr), run.stderr);
}

describe('every failure is one line and exit 2 (the error map)', () => {
  let registry: RunningRegistry;
  let locked: RunningRegistry;
  let base: Pushed;
  const dirs: string[] = [];
  const project = async (files: Record<string, string>) => {
    const dir = await tempDirWith('basepin-failures-', files);
    dirs.push(dir);
    return dir;
  };

  before(async () => {
    [registry, locked] = await Promise.all([
      startRegistry(),
      startRegistry({ htpasswd: { user: 'ci', password: 'pw-secret' } }),
    ]);
    base = await pushDockerImage({ url: registry.url }, 'base', '1');
    await pushDockerImage({ url: locked.url, auth: { username: 'ci', password: 'pw-secret' } }, 'private', '1');
  });
  after(async () => {
    await Promise.all([registry?.stop(), locked?.stop()]);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  test('a credential helper that cannot run: inspect and diff say so in one line (was: internal error with a stack)', async () => {
    const dir = await project({ 'docker/config.json': JSON.stringify({ credsStore: 'nothere' }) });
    const env = { DOCKER_CONFIG: path.join(dir, 'docker'), PATH: process.env.PATH };
    // Credentials are looked up when the registry asks for them: the one with htpasswd does.
    oneLine(
      await runBasepin(dir, ['inspect', `${locked.host}/private:1`], env),
      /credentials: credential helper .*nothere.* could not run/,
    );
    oneLine(
      await runBasepin(dir, ['diff', `${locked.host}/private:1`, '--from', base.digest], env),
      /credential helper/,
    );
    // As a child process too: what main.ts prints and exits with.
    const child = await promisify(execFile)(process.execPath, [BIN, 'inspect', `${locked.host}/private:1`], {
      cwd: dir,
      env,
    }).catch((error: { code: number; stderr: string }) => error);
    assert.equal((child as { code: number }).code, 2);
    assert.match(
      (child as { stderr: string }).stderr,
      /^basepin: credentials: credential helper .*nothere.* could not run[^\n]*\n$/,
    );
  });

  test('a registry that wants credentials: the line says how to log in', async () => {
    const dir = await project({});
    const run = await runBasepin(dir, ['inspect', `${locked.host}/private:1`], { HOME: dir });
    oneLine(
      run,
      new RegExp(
        `unauthorized: .*; log in with \`docker login ${locked.host.replace(/\./g, '\\.')}\` or set registries\\.${locked.host.replace(/\./g, '\\.')}\\.username`,
      ),
    );
    oneLine(run, new RegExp(`\\(no credentials were found for ${locked.host.replace(/\./g, '\\.')}\\)$`));
    oneLine(
      await runBasepin(dir, ['inspect', '127.0.0.1:1/nothing:1'], { HOME: dir }),
      /cannot reach registry 127\.0\.0\.1:1.*HTTPS_PROXY/,
    );
    // The same advice on a reference's own error line.
    const files = await project({ Dockerfile: `FROM ${locked.host}/private:1\n` });
    const check = await runBasepin(files, ['check'], { HOME: files });
    assert.equal(check.code, 2);
    assert.match(
      check.stderr,
      new RegExp(
        `^Dockerfile:1:6: error: unauthorized: .*; log in with \`docker login ${locked.host.replace(/\./g, '\\.')}\``,
        'm',
      ),
    );
  });

  test('credentials the registry refuses: the line names the file or helper they came from, never the password', async () => {
    const wrong = 'wrong-pw-Zq7';
    const auth = Buffer.from(`ci:${wrong}`).toString('base64');
    const dir = await project({
      'docker/config.json': JSON.stringify({ auths: { [locked.host]: { auth } } }),
      'helper/config.json': JSON.stringify({ credsStore: 'teststore' }),
      Dockerfile: `FROM ${locked.host}/private:1\n`,
    });
    const file = path.join(dir, 'docker', 'config.json');
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const came = `the credentials for ${escaped(locked.host)} came from ${escaped(file)}\\)`;
    const env = { HOME: dir, DOCKER_CONFIG: path.join(dir, 'docker') };
    const run = await runBasepin(dir, ['inspect', `${locked.host}/private:1`], env);
    oneLine(run, new RegExp(`unauthorized: .*docker login ${escaped(locked.host)}.*in \\.basepin\\.yaml \\(${came}$`));
    const check = await runBasepin(dir, ['check'], env);
    assert.equal(check.code, 2);
    assert.match(check.stderr, new RegExp(`^Dockerfile:1:6: error: unauthorized: .*${came}`, 'm'));
    // A credential helper (credsStore) is named with the file that chose it.
    const helper = await writeCredentialHelper(path.join(dir, 'helper'), 'teststore', {
      credentials: { [locked.host]: { Username: 'ci', Secret: wrong } },
    });
    const viaHelper = await runBasepin(dir, ['inspect', `${locked.host}/private:1`], {
      HOME: dir,
      DOCKER_CONFIG: path.join(dir, 'helper'),
      PATH: `${helper.dir}:${process.env.PATH}`,
    });
    const helperFile = escaped(path.join(dir, 'helper', 'config.json'));
    const helperCame = `the credentials for ${escaped(locked.host)} came from docker-credential-teststore \\(${helperFile}\\)`;
    oneLine(viaHelper, new RegExp(`\\.basepin\\.yaml \\(${helperCame}\\)$`));
    for (const output of [run, check, viaHelper].flatMap(({ stdout, stderr }) => [stdout, stderr])) {
      assert.ok(!output.includes(wrong) && !output.includes(auth), 'no password in the output');
    }
  });

  test('usage errors of every kind', async () => {
    const dir = await project({ Dockerfile: 'FROM alpine:3\n' });
    oneLine(await runBasepin(dir, ['chek']), /^basepin: unknown command 'chek' \(did you mean check\?\)$/);
    oneLine(await runBasepin(dir, ['check', '--jsn']), /unknown option '--jsn' \(did you mean --json\?\)/);
    oneLine(await runBasepin(dir, ['ls', '--json', '--sarif']), /--json and --sarif ask for different formats/);
    oneLine(
      await runBasepin(dir, ['ls', '--json', '--format', 'text']),
      /--format text and --json ask for different formats/,
    );
    oneLine(await runBasepin(dir, ['ls', '--output', 'sarif']), /--output sarif: must be FORMAT:FILE/);
    oneLine(await runBasepin(dir, ['ls', '--output', 'pdf:x.pdf']), /unknown format pdf/);
    oneLine(await runBasepin(dir, ['check', '--fail-on', 'never']), /'never' is invalid/);
    oneLine(await runBasepin(dir, ['inspect']), /missing required argument 'image'/);
    oneLine(await runBasepin(dir, ['inspect', 'Bad:Name']), /IMAGE Bad:Name: invalid reference format/);
    oneLine(await runBasepin(dir, ['diff', 'a', 'b', 'c']), /diff compares two images/);
    oneLine(await runBasepin(dir, ['serve']), /set BASEPIN_WEBHOOK_SECRET/);
    oneLine(await runBasepin(dir, ['propagate', '--image', 'a:1', '--concurrency', 'x']), /--concurrency x/);
    oneLine(await runBasepin(dir, ['graph', '--format', 'svg']), /--format svg: must be one of/);
    const bare = await runBasepin(dir, []);
    assert.equal(bare.code, 2, 'no command: the help, on stderr, and exit 2');
    assert.match(bare.stderr, /^Usage: basepin/);
  });

  test('an invalid configuration, for every command that reads one', async () => {
    const dir = await project({
      '.basepin.yaml': 'registries:\n  docker.io: { mirror: 5 }\n',
      Dockerfile: 'FROM alpine:3\n',
    });
    for (const argv of [
      ['pin'],
      ['check'],
      ['update'],
      ['ls'],
      ['inspect', 'alpine'],
      ['diff', 'alpine', '--from', base.digest],
      ['doctor'],
    ]) {
      oneLine(
        await runBasepin(dir, argv),
        /^basepin: invalid configuration \.basepin\.yaml: registries\.docker\.io\.mirror: must be an http/,
      );
    }
  });

  test('files: a missing --config or dependents file, an --output file that cannot be written', async () => {
    const dir = await project({ Dockerfile: 'FROM alpine:3\n' });
    oneLine(await runBasepin(dir, ['ls', '--config', 'nope.yaml']), /invalid configuration nope\.yaml: .*no such file/);
    oneLine(await runBasepin(dir, ['graph']), /basepin-dependents\.yaml/);
    oneLine(await runBasepin(dir, ['propagate', '--image', 'a:1', '--dependents', 'none.yaml']), /none\.yaml/);
    await mkdir(path.join(dir, 'report.sarif'));
    const run = await runBasepin(dir, ['ls', '--quiet', '--output', 'sarif:report.sarif']);
    oneLine(run, /report\.sarif: is a directory \(EISDIR\)$/);
    oneLine(
      await runBasepin(dir, ['ls', '-q', '--output', 'json:missing/dir/x.json']),
      /x\.json: no such file or directory \(ENOENT\)$/,
    );
  });

  test('the engine cannot be reached: doctor says where it looked, in one line', async () => {
    const dir = await project({ Dockerfile: 'FROM alpine:3\n' });
    oneLine(
      await runBasepin(dir, ['doctor'], { DOCKER_HOST: `unix://${dir}/none.sock` }),
      /cannot reach the container engine/,
    );
  });

  test('check finds no file basepin reads: exit 2, unless --allow-empty; the other commands warn', async () => {
    const dir = await project({ 'README.md': '# nothing here\n' });
    await writeFile(path.join(dir, 'notes.txt'), 'FROM alpine\n');
    const check = await runBasepin(dir, ['check']);
    assert.equal(check.code, 2);
    assert.match(check.stderr, /^basepin: error: no files basepin reads under \. \(--allow-empty accepts that\)\n$/);
    assert.equal((await runBasepin(dir, ['check', '--allow-empty'])).code, 0);
    const ls = await runBasepin(dir, ['ls', 'docs', '.']);
    assert.equal(ls.code, 2, 'docs does not exist');
    const list = await runBasepin(dir, ['ls']);
    assert.equal(list.code, 0);
    assert.match(list.stderr, /^basepin: warning: no files basepin reads under \./);
    const scratch = await project({ Dockerfile: 'FROM scratch\n' });
    const empty = await runBasepin(scratch, ['check']);
    assert.equal(empty.code, 0, 'a Dockerfile with no image reference is a file basepin reads');
    assert.equal(empty.stderr, '');
  });

  test('an unmapped error is an internal error that asks to be reported; the stack only with --verbose', () => {
    const bug = new TypeError('cannot read properties of undefined');
    const plain = describeFailure(bug);
    assert.equal(plain.exitCode, 2);
    assert.equal(plain.lines.length, 1);
    assert.match(
      plain.lines[0]!,
      /^internal error: TypeError: cannot read properties of undefined \(a bug in basepin: please report it.*--verbose/,
    );
    const verbose = describeFailure(bug, { verbose: true });
    assert.ok(
      verbose.lines.length > 1 && verbose.lines.slice(1).every((line) => line.startsWith('at ')),
      verbose.lines.join('\n'),
    );
  });
});

test('the error map knows every error class basepin throws, and system errors by code', async () => {
  const { ConfigError } = await import('../src/config/load.js');
  const { CredentialsError } = await import('../src/credentials/types.js');
  const { EngineError } = await import('../src/engine/errors.js');
  const { ExtractError } = await import('../src/extract/errors.js');
  const { ForgeError, MissingTokenError } = await import('../src/forge/index.js');
  const { GitError } = await import('../src/git/run.js');
  const { ImageError } = await import('../src/image/errors.js');
  const { RewriteError } = await import('../src/plan/rewrite.js');
  const { PropagationError } = await import('../src/propagate/target.js');
  const { InvalidReferenceError } = await import('../src/reference/errors.js');
  const { RegistryError } = await import('../src/registry/errors.js');
  const { PayloadError } = await import('../src/serve/hint.js');
  const { UsageError } = await import('../src/cli/usage-error.js');
  const system = (code: string, syscall: string, more: Record<string, unknown>) =>
    Object.assign(new Error(`${code}: raw`), { code, syscall, ...more });
  const cases: [Error, string][] = [
    [new UsageError('--x: bad'), '--x: bad'],
    [
      new ConfigError('.basepin.yaml', ['include: must be a list']),
      'invalid configuration .basepin.yaml: include: must be a list',
    ],
    [new CredentialsError('cannot read /c.json: EACCES'), 'credentials: cannot read /c.json: EACCES'],
    [
      new EngineError('cannot reach the container engine', { reason: 'unreachable' }),
      'cannot reach the container engine',
    ],
    [new ExtractError('bad YAML', 3, 4), 'line 3, column 4: bad YAML'],
    [new ForgeError('GitHub said 422', 'POST', 'https://api.github.com/x', 422), 'GitHub said 422'],
    [
      new MissingTokenError('GITHUB_TOKEN'),
      'the forge token variable GITHUB_TOKEN is not set: set it to a token that may open pull requests',
    ],
    [new GitError('git fetch', 128, 'fatal: nope'), 'git fetch failed (exit 128): fatal: nope'],
    [new ImageError('bad manifest', { reason: 'format' }), 'bad manifest'],
    [new RewriteError('the text moved'), 'the text moved'],
    [new PropagationError('a: give a name and tag', 'a', 'invalid-image'), 'a: give a name and tag'],
    [new InvalidReferenceError('invalid-format', 'A::b'), 'A::b: invalid reference format'],
    [new RegistryError('protocol error', { reason: 'protocol', url: 'https://r.example/v2/' }), 'protocol error'],
    [new PayloadError('not a webhook'), 'not a webhook'],
    [system('EACCES', 'open', { path: 'out.sarif' }), 'out.sarif: permission denied (EACCES)'],
    [system('ENOSPC', 'write', {}), 'write: no space left on device (ENOSPC)'],
    [system('EWHATEVER', 'open', { path: 'f' }), 'f: raw (EWHATEVER)'],
    [
      system('EADDRINUSE', 'listen', { address: '0.0.0.0', port: 80 }),
      'cannot listen on 0.0.0.0:80: address already in use (EADDRINUSE)',
    ],
  ];
  for (const [error, line] of cases)
    assert.deepEqual(describeFailure(error), { lines: [line], exitCode: 2 }, error.name);
  const evil = describeFailure(new UsageError('--image \u001b]0;x\u0007: bad'));
  assert.deepEqual(evil.lines, ['--image \\x1b]0;x\\x07: bad'], 'messages are made printable');
});
