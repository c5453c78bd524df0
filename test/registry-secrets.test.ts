/**
 * Safety: no credential, token or `Authorization` value appears in any output. Every reference command runs
 * in process with `--verbose`, in human and JSON output, against a Basic (htpasswd) registry and a Bearer
 * (token server) registry whose credentials come from real credential helpers named by a docker config.json
 * (`credHelpers` for one, `credsStore` for the other), then once more with wrong credentials from `passwordEnv`.
 */

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../src/cli/program.js';
import { writeCredentialHelper } from './support/credential-helper.js';
import { pushDockerImage, repushTag, type Pushed } from './support/push.js';
import { startRegistry, type RunningRegistry } from './support/registry.js';
import { startTokenServer, type TokenServer } from './support/token-server.js';

const USER = 'deploy';
const BASIC_PASSWORD = 'Basic-Secret-pw-1';
const TOKEN_PASSWORD = 'Token-Secret-pw-2';
const WRONG_PASSWORD = 'Wrong-Secret-pw-3';

describe('no secret in any output', () => {
  let dir: string;
  let basic: RunningRegistry;
  let tokens: TokenServer;
  let bearer: RunningRegistry;
  let env: Record<string, string>;
  const pushed: Record<string, Pushed> = {};

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'basepin-secrets-'));
    basic = await startRegistry({ htpasswd: { user: USER, password: BASIC_PASSWORD } });
    tokens = await startTokenServer({ users: { [USER]: TOKEN_PASSWORD } });
    bearer = await startRegistry({ tokenAuth: tokens });
    const pushToken = tokens.mint([{ type: 'repository', name: 'team/app', actions: ['pull', 'push'] }]);
    pushed.basic = await pushDockerImage(
      { url: basic.url, auth: { username: USER, password: BASIC_PASSWORD } },
      'team/app',
      '1',
    );
    pushed.bearer = await pushDockerImage({ url: bearer.url, auth: { token: pushToken } }, 'team/app', '1');

    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeCredentialHelper(bin, 'basepinsafe', {
      credentials: { [basic.host]: { Username: USER, Secret: BASIC_PASSWORD } },
    });
    await writeCredentialHelper(bin, 'basepinstore', {
      credentials: { [bearer.host]: { Username: USER, Secret: TOKEN_PASSWORD } },
    });
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ credHelpers: { [basic.host]: 'basepinsafe' }, credsStore: 'basepinstore' }),
    );
    env = { PATH: `${bin}:${process.env.PATH ?? ''}`, DOCKER_CONFIG: dir };
  });
  after(async () => {
    await Promise.all([basic?.stop(), bearer?.stop()]);
    await tokens?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs basepin in `cwd`; returns everything it printed. */
  async function basepin(
    cwd: string,
    runEnv: Record<string, string>,
    ...argv: string[]
  ): Promise<{ code: number; output: string }> {
    let output = '';
    const stream = { write: (text: string) => (output += text) };
    const code = await runCli(argv, { stdout: stream, stderr: stream, cwd, env: runEnv });
    return { code, output };
  }

  /** Every form a secret could leak in: as is, in Basic authorization, JSON-escaped. */
  function secretForms(): string[] {
    const passwords = [BASIC_PASSWORD, TOKEN_PASSWORD, WRONG_PASSWORD];
    const basics = passwords.map((password) => Buffer.from(`${USER}:${password}`).toString('base64'));
    return [...passwords, ...basics, ...tokens.issued, ...tokens.issued.map((token) => token.split('.')[2])];
  }

  it('pin, check, update and ls print no password, Basic value or token, at any verbosity, in any format', async () => {
    const project = join(dir, 'project');
    await mkdir(project);
    const dockerfile = `FROM ${basic.host}/team/app:1\nFROM ${bearer.host}/team/app:1\n`;
    await writeFile(join(project, 'Dockerfile'), dockerfile);
    const outputs: string[] = [];
    const run = async (expected: number, ...argv: string[]) => {
      for (const format of [[], ['--json']]) {
        const { code, output } = await basepin(project, env, ...argv, '--verbose', ...format);
        assert.equal(code, expected, `${argv.join(' ')}:\n${output}`);
        outputs.push(output);
      }
    };
    await run(1, 'check');
    await run(0, 'pin', '--dry-run');
    await run(0, 'ls');
    await run(0, 'pin');
    assert.equal(
      await readFile(join(project, 'Dockerfile'), 'utf8'),
      `FROM ${basic.host}/team/app:1@${pushed.basic.digest}\nFROM ${bearer.host}/team/app:1@${pushed.bearer.digest}\n`,
    );
    await repushTag({ url: basic.url, auth: { username: USER, password: BASIC_PASSWORD } }, 'team/app', '1');
    await run(1, 'check');
    await run(0, 'update');
    await run(0, 'check');

    const all = outputs.join('\n');
    assert.ok(all.includes(`${basic.host}: credentials from docker-credential-basepinsafe`), 'the helpers were used');
    assert.ok(
      all.includes(`${bearer.host}: credentials from docker-credential-basepinstore`),
      'the credsStore was used',
    );
    assert.ok(tokens.issued.length > 0 && all.includes('/token?'), 'tokens were fetched');
    for (const secret of secretForms()) assert.ok(!all.includes(secret), `a secret leaked: ${secret.slice(0, 4)}...`);
    assert.ok(!/authorization|Bearer [A-Za-z0-9]|Basic [A-Za-z0-9]/i.test(all), 'no Authorization value');
  });

  it('errors from rejected credentials print none of them either', async () => {
    const project = join(dir, 'wrong');
    await mkdir(project);
    const stale = `sha256:${'0'.repeat(64)}`;
    const lines = [basic.host, bearer.host].flatMap((host) => [
      `FROM ${host}/team/app:1`,
      `FROM ${host}/team/app:1@${stale}`,
    ]);
    await writeFile(join(project, 'Dockerfile'), `${lines.join('\n')}\n`);
    const user = { username: USER, passwordEnv: 'REGISTRY_PASSWORD' };
    await writeFile(
      join(project, '.basepin.yaml'),
      JSON.stringify({ registries: { [basic.host]: user, [bearer.host]: user } }),
    );
    const outputs: string[] = [];
    for (const command of ['check', 'pin', 'update']) {
      for (const format of [[], ['--json']]) {
        const { code, output } = await basepin(
          project,
          { ...env, REGISTRY_PASSWORD: WRONG_PASSWORD },
          command,
          '--verbose',
          ...format,
        );
        assert.equal(code, 2, output);
        outputs.push(output);
      }
    }
    const all = outputs.join('\n');
    assert.match(all, /rejected the credentials/);
    for (const secret of secretForms()) assert.ok(!all.includes(secret), `a secret leaked: ${secret.slice(0, 4)}...`);
  });
});
