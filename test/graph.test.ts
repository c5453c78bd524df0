import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { buildGraph, graphDot, graphMermaid, graphText, type RepositoryUsage } from '../src/dependents/index.js';
import { runBasepin } from './support/cli.js';
import { createBareRepo, scratch } from './support/git.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

function usage(
  repo: string,
  uses: string[],
  publishes: string[] = [],
  mode: 'push' | 'pull-request' = 'push',
): RepositoryUsage {
  return {
    repo,
    base: 'main',
    dependent: { mode, publishes },
    references: uses.map((image, index) => ({ image, file: 'Dockerfile', line: index + 1 })),
  };
}

describe('the dependency graph', () => {
  test('repositories, the images they use and publish, and the chains between them', () => {
    const graph = buildGraph([
      usage('b.git', ['reg/a:1', 'reg/a:1', 'alpine:3'], ['reg/b:1']),
      usage('c.git', ['reg/b:1'], ['reg/c:1'], 'pull-request'),
      usage('d.git', ['reg/c:1', 'reg/b:1']),
      usage('loop.git', ['reg/loop:1'], ['reg/loop:1']),
    ]);
    assert.deepEqual(graph.repositories[0], {
      repo: 'b.git',
      branch: 'main',
      mode: 'push',
      publishes: ['reg/b:1'],
      uses: [
        { image: 'reg/a:1', at: ['Dockerfile:1', 'Dockerfile:2'] },
        { image: 'alpine:3', at: ['Dockerfile:3'] },
      ],
    });
    assert.deepEqual(graph.chains, [
      ['b.git', 'reg/b:1', 'c.git', 'reg/c:1', 'd.git'],
      ['b.git', 'reg/b:1', 'd.git'],
    ]);
  });

  test('renders as text, Mermaid and DOT', () => {
    const graph = buildGraph([
      usage('b.git', ['reg/a:1'], ['reg/b:1']),
      usage('c "quoted".git', ['reg/b:1'], [], 'pull-request'),
    ]);
    assert.equal(
      graphText(graph),
      [
        'b.git (main, push)',
        '  uses reg/a:1 in Dockerfile:1',
        '  publishes reg/b:1',
        'c "quoted".git (main, pull-request)',
        '  uses reg/b:1 in Dockerfile:1',
        '',
        'Chains:',
        '  b.git -> reg/b:1 -> c "quoted".git',
        '',
      ].join('\n'),
    );
    assert.equal(
      graphMermaid(graph),
      [
        'flowchart LR',
        '  i0["reg/a:1"]',
        '  i1["reg/b:1"]',
        '  r0("b.git")',
        '  r1("c #quot;quoted#quot;.git")',
        '  i0 -- "Dockerfile:1" --> r0',
        '  r0 -. publishes .-> i1',
        '  i1 -- "Dockerfile:1" --> r1',
        '',
      ].join('\n'),
    );
    assert.equal(
      graphDot(graph),
      [
        'digraph basepin {',
        '  rankdir=LR;',
        '  i0 [shape=box, label="reg/a:1"];',
        '  i1 [shape=box, label="reg/b:1"];',
        '  r0 [shape=ellipse, label="b.git"];',
        '  r1 [shape=ellipse, label="c \\"quoted\\".git"];',
        '  i0 -> r0 [label="Dockerfile:1"];',
        '  r0 -> i1 [style=dashed, label="publishes"];',
        '  i1 -> r1 [label="Dockerfile:1"];',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('basepin graph surveys real repositories without changing them', async () => {
    const root = await scratch('basepin-graph-');
    try {
      const b = await createBareRepo(root.dir, 'b', { Dockerfile: `FROM registry.test/a:1@${DIGEST}\n` });
      const c = await createBareRepo(
        root.dir,
        'c',
        {
          'svc/Dockerfile': 'FROM registry.test/b:1\n',
          'compose.yaml': 'services:\n  c:\n    image: registry.test/b:1\n',
        },
        'trunk',
      );
      const dir = path.join(root.dir, 'ci');
      await mkdir(dir);
      await writeFile(
        path.join(dir, 'deps.yaml'),
        `dependents:\n  - repo: ${b.url}\n    mode: push\n    publishes: [registry.test/b:1]\n  - repo: ${c.url}\n  - repo: ${path.join(root.dir, 'gone.git')}\n`,
      );
      const heads = [await b.head('main'), await c.head('trunk')];
      const run = (...argv: string[]) =>
        runBasepin(dir, ['graph', '--dependents', 'deps.yaml', '--workdir', 'work', ...argv]);

      const text = await run();
      assert.equal(text.code, 2, 'one repository could not be read');
      assert.ok(
        text.stdout.startsWith(
          [
            `${b.url} (main, push)`,
            `  uses registry.test/a:1 in Dockerfile:1`,
            '  publishes registry.test/b:1',
            `${c.url} (trunk, pull-request)`,
            '  uses registry.test/b:1 in compose.yaml:3, svc/Dockerfile:1',
            `${path.join(root.dir, 'gone.git')} (pull-request)`,
            '  error: git ls-remote failed',
          ].join('\n'),
        ),
        text.stdout,
      );
      assert.ok(text.stdout.endsWith(`\nChains:\n  ${b.url} -> registry.test/b:1 -> ${c.url}\n`), text.stdout);
      assert.match(text.stderr, /gone\.git: error: git ls-remote failed/);

      const json = JSON.parse((await run('--json')).stdout);
      assert.deepEqual(json.chains, [[b.url, 'registry.test/b:1', c.url]]);
      assert.deepEqual(json.repositories[1].uses, [
        { image: 'registry.test/b:1', at: ['compose.yaml:3', 'svc/Dockerfile:1'] },
      ]);
      assert.match((await run('--format', 'mermaid')).stdout, /^flowchart LR\n/);
      assert.match((await run('--format', 'dot')).stdout, /^digraph basepin \{\n/);
      const bad = await run('--format', 'svg');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--format svg: must be one of text, json, mermaid, dot/);
      assert.deepEqual([await b.head('main'), await c.head('trunk')], heads);
      assert.deepEqual(await c.branches(), ['trunk']);
    } finally {
      await root.remove();
    }
  });
});
