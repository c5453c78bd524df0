import type { Entry, Status } from '../../plan/index.js';
import type { Move } from '../moves.js';
import { printable, printableLines } from '../printable.js';
import { countBy, location, plural, short, shortImage, table } from '../text.js';
import type { Rendered, ReportContext } from './types.js';
import { unifiedDiff } from '../line-diff.js';

type Paint = (color: 'green' | 'yellow' | 'red' | 'dim' | 'cyan', text: string) => string;
const plain: Paint = (_color, text) => text;

const STATUS_COLOR: Record<Status, 'green' | 'yellow' | 'red' | 'dim' | 'cyan'> = {
  pinned: 'green',
  unpinned: 'yellow',
  stale: 'yellow',
  skipped: 'dim',
  error: 'red',
};

/**
 * The human report. Standard output: with `--dry-run` the unified diff, then one aligned row per reference (status,
 * location, the reference with its digest shortened, what happened), the summary line, and for update what changed in
 * each moved image. Standard error: each error once, as `file:line:column: error: message`. `--quiet` keeps only the
 * rows that need attention and the errors. Every field from files or registries is made printable (printable.ts).
 */
export function text(
  context: ReportContext,
  paint: { stdout: Paint; stderr: Paint } = { stdout: plain, stderr: plain },
): Rendered {
  const { report, dryRun, quiet } = context;
  const shown = quiet ? report.entries.filter((entry) => needsAttention(entry, dryRun)) : report.entries;
  const rows = shown.map((entry) => {
    const { line, column } = entry.found.at ?? entry.found;
    return [
      label(entry, dryRun),
      location(entry.file, line, column),
      shortImage(entry.found.image),
      detail(entry, dryRun),
    ];
  });
  const lines = table(rows, (cell, column, index) =>
    column === 0 ? paint.stdout(color(shown[index]!, dryRun), cell) : cell,
  );
  const out = [quiet ? '' : diff(context), ...lines.map((line) => `${line}\n`)];
  if (!quiet) out.push(`${summaryLine(context)}\n`, moves(context.moves));
  return { stdout: out.join(''), stderr: problemLines(context, paint.stderr) };
}

/** Still unpinned or stale after this run, or failed. */
function needsAttention(entry: Entry, dryRun: boolean): boolean {
  if (entry.status === 'error') return true;
  return (entry.status === 'unpinned' || entry.status === 'stale') && (entry.wrote === undefined || dryRun);
}

/** The row's first word: what the reference was, or what this run did to it. */
function label(entry: Entry, dryRun: boolean): string {
  if (entry.wrote === undefined || dryRun) return entry.status;
  return entry.ref?.digest ? 'updated' : 'pinned';
}

function color(entry: Entry, dryRun: boolean): 'green' | 'yellow' | 'red' | 'dim' | 'cyan' {
  return entry.wrote !== undefined && !dryRun ? 'green' : STATUS_COLOR[entry.status];
}

/** What one row says after the reference: never the digest the reference column already shows, never the error. */
function detail(entry: Entry, dryRun: boolean): string {
  const { current, wrote, message, status } = entry;
  // A stale pin's message says where it moves when that is not simply the tag's digest (a platform pin).
  const note = message === undefined || status !== 'stale' ? '' : ` (${message})`;
  if (wrote !== undefined) {
    const verb = entry.ref?.digest ? (dryRun ? 'would move to' : 'moved to') : dryRun ? 'would pin' : 'pinned';
    return `${verb} ${short(wrote)}${note}`;
  }
  if (status === 'stale') return `tag now ${short(current!)}${note}`;
  if (status === 'unpinned' && current !== null) return `tag now ${short(current)}`;
  if (status === 'error' || status === 'pinned') return ''; // an error is printed once, on stderr
  return message ?? '';
}

/** Every file-level problem and every reference that failed, once each, for standard error. */
function problemLines(context: ReportContext, paint: Paint): string {
  const { problems, entries } = context.report;
  const error = paint('red', 'error');
  const lines = [
    ...problems.map(({ file, line, column, message }) => {
      return `${printable(location(file, line, column))}: ${error}: ${printable(message)}\n`;
    }),
    ...entries
      .filter((entry) => entry.status === 'error')
      .map((entry) => {
        const { line, column } = entry.found.at ?? entry.found;
        return `${printable(location(entry.file, line, column))}: ${error}: ${printable(entry.message ?? 'failed')}\n`;
      }),
  ];
  return lines.join('');
}

/** `12 references: 10 pinned, 2 unpinned; wrote 2 digests in 1 file; 1 file error`. */
export function summaryLine(context: ReportContext): string {
  const { report, dryRun } = context;
  const counts = countBy(report.entries, (entry) => entry.status);
  const parts = [...counts].map(([status, count]) => `${count} ${status === 'error' && count > 1 ? 'errors' : status}`);
  let line = `${plural(report.entries.length, 'reference')}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
  const written = report.entries.filter((entry) => entry.wrote !== undefined).length;
  if (written > 0) {
    line += `; ${dryRun ? 'would write' : 'wrote'} ${plural(written, 'digest')} in ${plural(report.changes.length, 'file')}`;
  }
  if (report.problems.length > 0) line += `; ${plural(report.problems.length, 'file error')}`;
  return line;
}

/** What changed in each image whose pin moved, after the rows. */
function moves(list: readonly Move[]): string {
  return list
    .map((move) => {
      const what = move.summary ?? `- what changed is unknown: ${move.error}\n`;
      return printableLines(`\n${printable(move.image)}: ${short(move.from)} -> ${short(move.to)}\n${what}`);
    })
    .join('');
}

/**
 * `--dry-run`: a unified diff of every file the run would rewrite, for `patch -p1` and `git apply`, byte for byte
 * (the lines are the files' own, so they are escaped only on a terminal, where a control character in a file would
 * act on the terminal). As git does, a file name with a space ends with a TAB, which is how patch tells where the
 * name stops.
 */
function diff(context: ReportContext): string {
  if (!context.dryRun) return '';
  return context.report.changes
    .map(({ file, before, after }) => {
      const end = /\s/.test(file) ? '\t' : '';
      const patch = unifiedDiff(`a/${file}`, `b/${file}`, before, after, 3);
      const named = patch
        .replace(`--- a/${file}\n`, `--- a/${file}${end}\n`)
        .replace(`+++ b/${file}\n`, `+++ b/${file}${end}\n`);
      return context.terminal ? printableLines(named) : named;
    })
    .join('');
}
