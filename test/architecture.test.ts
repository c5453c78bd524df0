/**
 * The layer rules of docs/architecture.md, checked over the runtime import graph of src/ (type-only imports are erased
 * by the compiler and do not count; dynamic `import()` does). A rule holds transitively: a pure module may not reach
 * `node:fs` through a helper that does. A failure prints the import chain that breaks the rule.
 */

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Pure modules (design.md point 8): no I/O, no HTTP, no CLI, no environment. A directory means every file in it. */
const PURE = [
  'src/reference',
  'src/extract',
  'src/plan',
  'src/image',
  'src/defaults.ts',
  'src/is-object.ts',
  'src/credentials/auth-file.ts',
  'src/credentials/helper-protocol.ts',
  'src/credentials/hosts.ts',
  'src/serve/hint.ts',
  'src/serve/registry-events.ts',
  'src/serve/dockerhub-events.ts',
  'src/serve/harbor-events.ts',
  'src/serve/hook-sources.ts',
  'src/serve/coalescer.ts',
  'src/serve/kubernetes-job.ts',
  'src/propagate/message.ts',
  'src/propagate/target.ts',
  'src/dependents/graph.ts',
  'src/dependents/graph-render.ts',
];
/** npm packages a pure module may use: parsers and algorithms that do no I/O. */
const PURE_PACKAGES = new Set(['yaml', 'dockerfile-ast', 'jsonc-parser', 'diff', 'picomatch']);

/** Only the CLI may use the CLI framework; nothing outside the CLI imports the CLI. */
const CLI = 'src/cli/';

interface Graph {
  /** Every source file (relative to the root, forward slashes) and what it imports at run time. */
  imports: Map<string, string[]>;
}

async function sourceGraph(): Promise<Graph> {
  const entries = await readdir(path.join(root, 'src'), { withFileTypes: true, recursive: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) =>
      path
        .relative(root, path.join(entry.parentPath ?? entry.path, entry.name))
        .split(path.sep)
        .join('/'),
    );
  const imports = new Map<string, string[]>();
  for (const file of files) imports.set(file, runtimeImports(file, await readFile(path.join(root, file), 'utf8')));
  return { imports };
}

/**
 * The modules `file` loads when it runs: static imports and re-exports that are not type-only, and dynamic imports.
 * Relative specifiers are resolved to source files (`./x.js` -> `src/.../x.ts`); packages and `node:` stay as written.
 */
export function runtimeImports(file: string, text: string): string[] {
  const found: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/gm;
  for (const [, , typeOnly, clause, specifier] of text.matchAll(statement)) {
    if (typeOnly) continue;
    // `import { type A, type B } from` is erased too; `import { type A, b }` is not.
    const names = /^\{([^}]*)\}$/.exec(clause!.trim())?.[1];
    if (names?.split(',').every((name) => name.trim() === '' || name.trim().startsWith('type '))) continue;
    found.push(specifier!);
  }
  for (const [, specifier] of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push(specifier!);
  for (const [, specifier] of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(specifier!);
  return found.map((specifier) =>
    specifier.startsWith('.')
      ? path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '.ts')
      : specifier,
  );
}

/** Every module `file` names: static imports and re-exports, type-only ones included, and dynamic imports. */
function allImports(file: string, text: string): string[] {
  return [...text.matchAll(/(?:\bfrom|\bimport\(?)\s*['"](\.[^'"]+)['"]/g)].map(([, specifier]) =>
    path.posix.join(path.posix.dirname(file), specifier!).replace(/\.js$/, '.ts'),
  );
}

async function allImportsGraph(): Promise<Map<string, string[]>> {
  const { imports } = await sourceGraph();
  const all = new Map<string, string[]>();
  for (const file of imports.keys()) all.set(file, allImports(file, await readFile(path.join(root, file), 'utf8')));
  return all;
}

/** The top-level folder of src/ a module is in (`registry` for `src/registry/x.ts`); undefined directly under src/. */
const folderOf = (file: string) => /^src\/([^/]+)\//.exec(file)?.[1];

const isPure = (file: string) =>
  PURE.some((entry) => (entry.endsWith('.ts') ? file === entry : file.startsWith(`${entry}/`)));

/** The first chain from `start` to a module `bad` says is not allowed, following only modules `follow` allows. */
function offendingChain(
  graph: Graph,
  start: string,
  bad: (module: string) => boolean,
  follow: (module: string) => boolean,
): string[] | undefined {
  const seen = new Set<string>([start]);
  const queue: string[][] = [[start]];
  while (queue.length > 0) {
    const chain = queue.shift()!;
    for (const next of graph.imports.get(chain.at(-1)!) ?? []) {
      if (bad(next)) return [...chain, next];
      if (seen.has(next) || !follow(next)) continue;
      seen.add(next);
      queue.push([...chain, next]);
    }
  }
  return undefined;
}

test('pure modules reach no I/O, HTTP, environment or CLI code, however indirectly', async () => {
  const graph = await sourceGraph();
  const pure = [...graph.imports.keys()].filter(isPure);
  assert.ok(pure.length > 40, `the pure modules were found (${pure.length})`);
  const notAllowed = (module: string) => (module.startsWith('src/') ? !isPure(module) : !PURE_PACKAGES.has(module));
  for (const file of pure) {
    const chain = offendingChain(graph, file, notAllowed, (module) => module.startsWith('src/'));
    assert.equal(chain, undefined, `a pure module reaches ${chain?.at(-1)}: ${chain?.join(' -> ')}`);
  }
});

test('pure modules read no environment variable', async () => {
  const graph = await sourceGraph();
  for (const file of [...graph.imports.keys()].filter(isPure)) {
    const text = await readFile(path.join(root, file), 'utf8');
    assert.ok(!/\bprocess\.(env|cwd|argv|platform)\b/.test(text), `${file} reads the process environment`);
  }
});

test('only the CLI uses the CLI framework, and nothing outside the CLI imports it', async () => {
  const graph = await sourceGraph();
  for (const [file, imports] of graph.imports) {
    if (file.startsWith(CLI)) continue;
    for (const module of imports) {
      assert.ok(module !== 'commander' && !module.startsWith(CLI), `${file} imports ${module}, which only the CLI may`);
    }
  }
});

test('the import graph reader sees through type-only imports and follows dynamic ones', () => {
  const text = [
    "import type { A } from './a.js';",
    "import { type B, type C } from './b.js';",
    "import { type D, e } from './d.js';",
    "export { f } from '../f/index.js';",
    "export type { G } from './g.js';",
    "const h = await import('./h.js');",
    "import 'node:fs';",
  ].join('\n');
  assert.deepEqual(runtimeImports('src/x/y.ts', text).sort(), [
    'node:fs',
    'src/f/index.ts',
    'src/x/d.ts',
    'src/x/h.ts',
  ]);
});

test("another folder's modules are imported through its index.ts (or its light.ts, which loads no heavy package)", async () => {
  const graph = await allImportsGraph();
  const offending: string[] = [];
  for (const [file, imports] of graph) {
    for (const module of imports) {
      const folder = folderOf(module);
      if (folder === undefined || folder === folderOf(file)) continue;
      // A folder without an index.ts has no entry to go through (only cli/, which nothing imports).
      if (!graph.has(`src/${folder}/index.ts`)) continue;
      if (module !== `src/${folder}/index.ts` && module !== `src/${folder}/light.ts`)
        offending.push(`${file} -> ${module}`);
    }
  }
  assert.deepEqual(offending, [], `imports past another folder's index.ts:\n${offending.join('\n')}`);
});

test('no import cycles between modules, type-only imports included', async () => {
  const graph = await allImportsGraph();
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, chain: string[]) => {
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...chain.slice(chain.indexOf(next)), next].join(' -> '));
      else if (state.get(next) === undefined) visit(next, [...chain, next]);
    }
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (state.get(file) === undefined) visit(file, [file]);
  assert.deepEqual(cycles, [], `import cycles:\n${cycles.join('\n')}`);
});

test('the cycle and entry checks see type-only and dynamic imports', () => {
  const text = [
    "import type { A } from '../a/types.js';",
    "const b = await import('./b.js');",
    "export { c } from './c.js';",
  ];
  assert.deepEqual(allImports('src/x/y.ts', text.join('\n')), ['src/a/types.ts', 'src/x/b.ts', 'src/x/c.ts']);
});
