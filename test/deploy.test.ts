/**
 * The container image's Dockerfile and the Kubernetes manifests for `basepin serve`: basepin reads them as it reads
 * any repository's, they agree with each other and with the CLI, and the Deployment's command line really serves
 * /healthz. (No image can be built here: Docker Hub, where the base image is, cannot be reached.)
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { runBasepin } from './support/cli.js';
import { freePort } from './support/free-port.js';
import { scratch } from './support/git.js';

const root = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
const BIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const MANIFESTS = path.join(root, 'deploy/kubernetes');

interface Listed {
  references: { file: string; kind: string; image: string; status: string }[];
  errors: unknown[];
}

type Doc = any;

async function manifests(): Promise<Map<string, Doc>> {
  const byKind = new Map<string, Doc>();
  for (const file of ['secret.yaml', 'configmap.yaml', 'deployment.yaml', 'service.yaml', 'kustomization.yaml']) {
    const documents = parseAllDocuments(await readFile(path.join(MANIFESTS, file), 'utf8'));
    for (const document of Array.isArray(documents) ? documents : [documents]) {
      assert.deepEqual(document.errors, [], `${file} parses`);
      const value = document.toJS() as Doc;
      assert.ok(typeof value.apiVersion === 'string' && typeof value.kind === 'string', `${file}: apiVersion and kind`);
      byKind.set(value.kind, { ...value, file });
    }
  }
  return byKind;
}

/**
 * Whether the build context leaves `file` out, as Docker reads `.dockerignore`: the last pattern matching the path or
 * one of its parent directories decides (`!` lets in again); `*` and `?` stay within one path segment, `**` crosses.
 */
function dockerignore(text: string): (file: string) => boolean {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const glob = path.posix.normalize(line.slice(negated ? 1 : 0)).replace(/\/$/, '');
      const source = glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*/g, '\0')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]');
      return { negated, regex: new RegExp(`^${source.replace(/\0/g, '.*')}$`) };
    });
  return (file) => {
    const prefixes = file.split('/').map((_part, index, parts) => parts.slice(0, index + 1).join('/'));
    let out = false;
    for (const { negated, regex } of patterns) if (prefixes.some((prefix) => regex.test(prefix))) out = !negated;
    return out;
  };
}

/** `--name=value` arguments as a map. */
const flags = (args: string[]) =>
  new Map(args.filter((arg) => arg.startsWith('--')).map((arg) => arg.slice(2).split('=') as [string, string]));

describe('the container image and the Kubernetes manifests', () => {
  let work: Awaited<ReturnType<typeof scratch>>;
  before(async () => {
    work = await scratch('basepin-deploy-');
  });
  after(() => work?.remove());

  test('basepin reads the Dockerfile: two stages FROM the node image, by tag, for the release to pin', async () => {
    const listed = (await runBasepin<Listed>(root, ['ls', '--json', 'Dockerfile'])).json();
    assert.deepEqual(listed.errors, []);
    assert.deepEqual(
      listed.references.map(({ kind, image, status }) => [kind, image, status]),
      [
        ['dockerfile', 'node:20-bookworm-slim', 'unpinned'],
        ['dockerfile', 'node:20-bookworm-slim', 'unpinned'],
      ],
    );
  });

  test('the Dockerfile copies only what exists and .dockerignore lets in; it runs basepin as a numeric non-root user', async () => {
    const dockerfile = await readFile(path.join(root, 'Dockerfile'), 'utf8');
    const lines = dockerfile.split('\n').filter((line) => !line.startsWith('#'));
    const excluded = dockerignore(await readFile(path.join(root, '.dockerignore'), 'utf8'));
    const copied = lines
      .filter((line) => /^COPY (?!--from)/.test(line))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    assert.ok(copied.length >= 6, copied.join(' '));
    for (const local of ['node_modules', 'dist/src/index.js', '.git', 'test/cli.test.ts'])
      assert.ok(excluded(local), `${local} stays out`);
    for (const source of copied) {
      await access(path.join(root, source));
      assert.equal(excluded(source), false, `${source} is in the build context`);
      if (source === 'src') assert.equal(excluded('src/cli/main.ts'), false, 'and what is under it');
    }
    const final = lines.slice(lines.map((line) => line.startsWith('FROM ')).lastIndexOf(true));
    assert.ok(final.includes('USER 1000:1000'), 'the last stage runs as uid 1000');
    assert.ok(final.includes('ENTRYPOINT ["basepin"]'));
    assert.equal(lines.filter((line) => line.startsWith('FROM ')).length, 2, 'multi-stage');
  });

  test('basepin reads the manifests: the Deployment and the propagation Job run the project image, as kubernetes', async () => {
    const listed = (await runBasepin<Listed>(root, ['ls', '--json', 'deploy'])).json();
    assert.deepEqual(listed.errors, []);
    assert.deepEqual(
      listed.references.map(({ file, kind, image }) => [file, kind, image]),
      [
        ['deploy/kubernetes/deployment.yaml', 'kubernetes', 'ghcr.io/basepin/basepin:0.1.0'],
        ['deploy/kubernetes/propagate-job.yaml', 'kubernetes', 'ghcr.io/basepin/basepin:0.1.0'],
      ],
    );
  });

  test('the manifests agree: ports, probes, secret keys, mounted files, writable volumes, the non-root user', async () => {
    const docs = await manifests();
    const kustomization = docs.get('Kustomization');
    assert.deepEqual([...kustomization.resources].sort(), [
      'configmap.yaml',
      'deployment.yaml',
      'secret.yaml',
      'service.yaml',
    ]);
    const pod = docs.get('Deployment').spec.template.spec;
    const [container] = pod.containers;
    const args = flags(container.args);
    assert.equal(container.args[0], 'serve');

    const port = container.ports.find((one: Doc) => one.name === 'http').containerPort;
    assert.equal(args.get('listen'), `0.0.0.0:${port}`);
    for (const probe of [container.readinessProbe, container.livenessProbe])
      assert.deepEqual(probe.httpGet, { path: '/healthz', port: 'http' });
    assert.equal(docs.get('Service').spec.ports[0].targetPort, 'http');
    assert.deepEqual(docs.get('Service').spec.selector, docs.get('Deployment').spec.selector.matchLabels);

    const secret = docs.get('Secret');
    const secretKeys = container.env.filter((one: Doc) => one.valueFrom).map((one: Doc) => one.valueFrom.secretKeyRef);
    assert.ok(secretKeys.some((ref: Doc) => ref.key === 'BASEPIN_WEBHOOK_SECRET'));
    for (const ref of secretKeys)
      assert.ok(ref.name === secret.metadata.name && ref.key in secret.stringData, `${ref.key} is in the Secret`);

    const mounts = new Map<string, string>(container.volumeMounts.map((mount: Doc) => [mount.mountPath, mount.name]));
    const volume = (name: string) => pod.volumes.find((one: Doc) => one.name === name);
    const configMap = docs.get('ConfigMap');
    for (const file of [args.get('dependents')!, args.get('config')!]) {
      const mount = mounts.get(path.dirname(file))!;
      assert.equal(volume(mount).configMap.name, configMap.metadata.name);
      assert.ok(path.basename(file) in configMap.data, `${file} is in the ConfigMap`);
    }
    assert.ok('emptyDir' in volume(mounts.get(path.dirname(args.get('workdir')!))!), 'the work directory is writable');
    const home = container.env.find((one: Doc) => one.name === 'HOME').value;
    assert.ok('emptyDir' in volume(mounts.get(home)!), 'HOME is writable');
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(pod.securityContext.runAsUser, 1000);
  });

  test("the Deployment's command line, with the ConfigMap's files, serves /healthz", { timeout: 30_000 }, async () => {
    const docs = await manifests();
    const [container] = docs.get('Deployment').spec.template.spec.containers;
    const mounted = path.join(work.dir, 'etc');
    await mkdir(mounted);
    for (const [file, text] of Object.entries(docs.get('ConfigMap').data as Record<string, string>))
      await writeFile(path.join(mounted, file), text);
    const port = await freePort();
    const args = (container.args as string[]).map((arg) =>
      arg
        .replace(/^--listen=.*/, `--listen=127.0.0.1:${port}`)
        .replace('/etc/basepin/', `${mounted}/`)
        .replace(/^--workdir=.*/, `--workdir=${path.join(work.dir, 'cache')}`),
    );
    const env = {
      PATH: process.env.PATH,
      HOME: work.dir,
      BASEPIN_WEBHOOK_SECRET: docs.get('Secret').stringData.BASEPIN_WEBHOOK_SECRET,
    };
    // --resync 0: no full reconcile of the example dependents (github.com is not reachable here).
    const child = spawn(process.execPath, [BIN, ...args, '--resync', '0'], {
      cwd: work.dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = once(child, 'exit');
    try {
      while (!output.includes('"msg":"listening"')) {
        if (child.exitCode !== null) throw new Error(`serve exited: ${output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const response = await fetch(`http://127.0.0.1:${port}${container.readinessProbe.httpGet.path}`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ok' });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
