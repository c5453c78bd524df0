import type { Entry, ReferenceRecord, Status } from '../plan/types.js';
import { effectiveTag, repositoryName } from '../reference/index.js';
import type { Problem, Report } from '../run.js';
import type { Io } from './io.js';
import { unifiedDiff } from './line-diff.js';
import type { Move } from './moves.js';
import { painter } from './style.js';

/** The `--json` shape of one entry. */
export function toRecord(entry: Entry): ReferenceRecord {
  const { found, ref } = entry;
  return {
    file: entry.file,
    line: found.line,
    column: found.column,
    kind: found.kind,
    image: found.image,
    name: ref ? repositoryName(ref) : null,
    tag: ref ? effectiveTag(ref) : null,
    digest: ref?.digest ?? null,
    current: entry.current,
    status: entry.status,
    message: entry.message ?? null,
    changed: entry.wrote !== undefined,
  };
}

/** `--json`: every reference, every file-level error, and (for update) every pin move with what changed. */
export function writeJson(io: Io, report: Report, moves?: Move[]): void {
  const errors = report.problems.map(({ file, line, column, message }) => ({ file, line, column, message }));
  const output = { references: report.entries.map(toRecord), errors, ...(moves ? { moves } : {}) };
  io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

/** What changed in each image whose pin moved, after the rows. */
export function writeMoves(io: Io, moves: Move[]): void {
  for (const move of moves) {
    io.stdout.write(`\n${move.image}: ${short(move.from)} -> ${short(move.to)}\n`);
    io.stdout.write(move.summary ?? `- what changed is unknown: ${move.error}\n`);
  }
}

const STATUS_COLOR: Record<Status, 'green' | 'yellow' | 'red' | 'dim' | 'cyan'> = {
  pinned: 'green',
  unpinned: 'yellow',
  stale: 'yellow',
  skipped: 'dim',
  error: 'red',
};

/** Short form of a digest for people: the algorithm and 12 hex characters. */
export const short = (digest: string) => digest.replace(/^(sha\d+:[0-9a-f]{12})[0-9a-f]+$/, '$1');

function location(file: string, line: number, column: number): string {
  return line > 0 ? `${file}:${line}:${column}` : file;
}

/** What one entry's row says after its status and image. */
function detail(entry: Entry, dryRun: boolean): string {
  const { current, wrote, message, status } = entry;
  if (wrote !== undefined) {
    const verb = dryRun ? 'would pin' : 'pinned';
    return entry.ref?.digest ? `${short(entry.ref.digest)} -> ${short(wrote)}` : `${verb} ${short(wrote)}`;
  }
  if (status === 'stale') return `${short(entry.ref!.digest!)}, tag now ${short(current!)}`;
  if (status === 'pinned' && entry.ref?.digest) return short(entry.ref.digest);
  if (status === 'unpinned' && current !== null) return `tag now ${short(current)}`;
  return message ?? '';
}

/** Longest image shown in a row: a reference of megabytes (an error) would make every row that wide. */
const CELL_MAX = 120;

function cell(image: string): string {
  return image.length <= CELL_MAX ? image : `${image.slice(0, CELL_MAX)}...`;
}

/**
 * The human report: one row per reference on stdout (aligned), every error on stderr as `file:line:column: message`,
 * then a one-line summary.
 */
export function writeHuman(io: Io, report: Report, options: { dryRun?: boolean } = {}): void {
  const paint = painter(io.stdout, io.env);
  const rows = report.entries.map((entry) => [
    entry.wrote !== undefined && !options.dryRun ? (entry.ref?.digest ? 'updated' : 'pinned') : entry.status,
    location(entry.file, (entry.found.at ?? entry.found).line, (entry.found.at ?? entry.found).column),
    cell(entry.found.image),
    detail(entry, options.dryRun ?? false),
  ]);
  // A loop, not Math.max(...lengths): spreading a file's 150,000 rows as arguments overflows the stack.
  const widths = [0, 1, 2].map((column) => rows.reduce((width, row) => Math.max(width, row[column]!.length), 0));
  rows.forEach((row, index) => {
    const status = report.entries[index]!.status;
    const cells = row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell));
    cells[0] = paint(row[0] === 'pinned' || row[0] === 'updated' ? 'green' : STATUS_COLOR[status], cells[0]!);
    io.stdout.write(`${cells.join('  ').trimEnd()}\n`);
  });
  writeProblems(io, report.problems, report.entries);
  io.stdout.write(`${summary(report, options.dryRun ?? false)}\n`);
}

function writeProblems(io: Io, problems: Problem[], entries: Entry[]): void {
  const paint = painter(io.stderr, io.env);
  for (const problem of problems) {
    io.stderr.write(`${location(problem.file, problem.line, problem.column)}: ${paint('red', 'error')}: ${problem.message}\n`);
  }
  for (const entry of entries.filter((one) => one.status === 'error')) {
    const { line, column } = entry.found.at ?? entry.found;
    io.stderr.write(`${location(entry.file, line, column)}: ${paint('red', 'error')}: ${entry.message ?? 'failed'}\n`);
  }
}

function summary(report: Report, dryRun: boolean): string {
  const counts = new Map<string, number>();
  for (const entry of report.entries) counts.set(entry.status, (counts.get(entry.status) ?? 0) + 1);
  const total = report.entries.length;
  const parts = [...counts].map(([status, count]) => `${count} ${status === 'error' && count > 1 ? 'errors' : status}`);
  let line = `${total} reference${total === 1 ? '' : 's'}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
  const written = report.entries.filter((entry) => entry.wrote !== undefined).length;
  if (written > 0) {
    const files = report.changes.length;
    line += `; ${dryRun ? 'would write' : 'wrote'} ${written} digest${written === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
  }
  if (report.problems.length > 0) line += `; ${report.problems.length} file error${report.problems.length === 1 ? '' : 's'}`;
  return line;
}

/**
 * `--dry-run`: a unified diff of every file the run would rewrite, for `patch -p1` and `git apply`. As git does, a
 * file name with a space ends with a TAB, which is how patch tells where the name stops.
 */
export function writeDiff(io: Io, report: Report): void {
  for (const { file, before, after } of report.changes) {
    const end = /\s/.test(file) ? '\t' : '';
    const patch = unifiedDiff(`a/${file}`, `b/${file}`, before, after, 3);
    io.stdout.write(patch.replace(`--- a/${file}\n`, `--- a/${file}${end}\n`).replace(`+++ b/${file}\n`, `+++ b/${file}${end}\n`));
  }
}
