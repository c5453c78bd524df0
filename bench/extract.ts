/**
 * Benchmark (not a test): extraction, and the rewrite `pin` does, are linear in the number of references in a file.
 *
 *   npx tsc -p . && node dist/bench/extract.js [--counts 25000,100000]
 *
 * For each kind (a Dockerfile of `FROM ... AS stage`, a Compose file of services, a stream of Kubernetes Pod
 * documents) and each count, generates one file with that many references and times what `basepin ls` and
 * `pin --dry-run` do with it in memory: choose the extractor and extract, classify every reference (ignore
 * comments), then apply one digest per reference and extract the result again to verify it. The digests are
 * made up (hashes of the reference): no registry is involved. Prints milliseconds per phase and, per kind, the
 * ratio of the largest count's total to the smallest's: linear work gives the ratio of the counts (4 for 25k to 100k).
 */

import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { extractorForText } from '../src/extract/index.js';
import { classify } from '../src/plan/classify.js';
import { applyEdits, verifyRewrite } from '../src/plan/rewrite.js';

const { values } = parseArgs({ options: { counts: { type: 'string', default: '25000,100000' } } });
const counts = values.counts.split(',').map(Number);

const kinds: { name: string; file: string; generate: (count: number) => string }[] = [
  {
    name: 'Dockerfile',
    file: 'Dockerfile',
    generate: (count) => lines(count, (index) => `FROM alpine:3.${index % 20} AS stage${index}\n`),
  },
  {
    name: 'compose',
    file: 'compose.yaml',
    generate: (count) => `services:\n${lines(count, (index) => `  s${index}:\n    image: alpine:3.${index % 20}\n`)}`,
  },
  {
    name: 'multi-document YAML',
    file: 'pods.yaml',
    generate: (count) =>
      lines(
        count,
        (index) =>
          `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p${index}\nspec:\n  containers:\n` +
          `    - name: c\n      image: alpine:3.${index % 20}\n`,
      ),
  },
];

function lines(count: number, line: (index: number) => string): string {
  const parts: string[] = [];
  for (let index = 0; index < count; index++) parts.push(line(index));
  return parts.join('');
}

function timed<T>(work: () => T): [T, number] {
  const started = performance.now();
  return [work(), performance.now() - started];
}

console.log('kind                 references  extract ms  classify ms  rewrite+verify ms  total ms');
for (const kind of kinds) {
  const totals: number[] = [];
  for (const count of counts) {
    const text = kind.generate(count);
    const [found, extractMs] = timed(() => extractorForText(kind.file, text, true)!.extract(text, kind.file));
    if (found.length !== count) throw new Error(`${kind.name}: found ${found.length} references, wrote ${count}`);
    const [, classifyMs] = timed(() => found.map((one) => classify(kind.file, text, one, { ignore: [] })));
    const edits = found.map((one) => ({
      found: one,
      digest: `sha256:${createHash('sha256').update(one.image).digest('hex')}`,
    }));
    const [, rewriteMs] = timed(() => {
      const after = applyEdits(text, edits);
      verifyRewrite(found, extractorForText(kind.file, after, true)!.extract(after, kind.file), edits);
    });
    const total = extractMs + classifyMs + rewriteMs;
    totals.push(total);
    const cells = [extractMs, classifyMs, rewriteMs, total].map((ms, index) =>
      ms.toFixed(0).padStart([10, 11, 17, 8][index]),
    );
    console.log(`${kind.name.padEnd(20)} ${String(count).padStart(10)}  ${cells.join('  ')}`);
  }
  const ratio = totals.at(-1)! / totals[0];
  console.log(`${kind.name.padEnd(20)} ${counts.at(-1)}/${counts[0]} references: ${ratio.toFixed(1)}x the time`);
}
