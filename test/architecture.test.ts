import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Pure modules: no I/O, no HTTP, no CLI (design.md point 8). A directory means every file in it. */
const PURE = [
  'src/reference',
  'src/extract',
  'src/plan',
  'src/image',
  'src/credentials/auth-file.ts',
  'src/credentials/helper-protocol.ts',
  'src/credentials/hosts.ts',
  'src/serve/hint.ts',
  'src/serve/registry-events.ts',
  'src/serve/dockerhub-events.ts',
  'src/serve/harbor-events.ts',
  'src/serve/coalescer.ts',
  'src/serve/kubernetes-job.ts',
  'src/propagate/message.ts',
  'src/propagate/target.ts',
  'src/dependents/graph.ts',
  'src/dependents/graph-render.ts',
];
const FORBIDDEN = [/^node:/, /\/cli\//, /\/registry\//, /\/files\//, /^undici$/, /^commander$/, /\/run\.js$/];

async function sources(directory: string): Promise<string[]> {
  if (directory.endsWith('.ts')) return [path.join(root, directory)];
  const entries = await readdir(path.join(root, directory), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

test('pure modules import no I/O, HTTP or CLI code', async () => {
  const files = (await Promise.all(PURE.map(sources))).flat();
  assert.ok(files.length > 5, 'the pure modules were found');
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const [, specifier] of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      assert.ok(
        !FORBIDDEN.some((pattern) => pattern.test(specifier!)),
        `${path.relative(root, file)} imports ${specifier}, which a pure module must not`,
      );
    }
  }
});
