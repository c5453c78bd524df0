import { parseTimeout } from '../../config/index.js';
import { defaults } from '../../defaults.js';
import { type Command as Name, failingStatuses, type FailOn } from '../../plan/index.js';
import { InvalidReferenceError, parseNormalized, type NormalizedReference } from '../../reference/index.js';
import { unreadFiles } from '../../files/index.js';
import { run, type Report } from '../../run.js';
import { configsForPaths, type ConfigGroup } from '../config-for-paths.js';
import { withHints } from '../hints.js';
import { printable } from '../printable.js';
import type { Io } from '../io.js';
import { describeMoves, type Move } from '../moves.js';
import { outputChoice, writeReport } from '../output/index.js';
import { withProgress } from '../progress.js';
import { lazyRegistry, openRegistry, requestTimeout } from '../registry.js';
import { UsageError } from '../usage-error.js';

export type { FailOn } from '../../plan/index.js';

export interface ReferenceOptions {
  format?: string;
  json?: boolean;
  sarif?: boolean;
  output?: string[];
  dryRun?: boolean;
  image?: string;
  config?: string;
  strict?: boolean;
  failOn?: FailOn;
  allowEmpty?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  verify?: boolean;
  timeout?: string;
  deadline?: string;
  /** ls: list the files that mention images basepin does not read, instead of the references. */
  unread?: boolean;
}

/**
 * ls, check, pin and update: find references, ask the registry what each needs, write, report. Returns the exit
 * status of the findings (exitCode); throws for what stops the command (usage, configuration, an output file).
 */
export async function referencesCommand(
  name: Name,
  paths: string[],
  options: ReferenceOptions,
  io: Io,
): Promise<number> {
  const output = outputChoice(options);
  const imageRef = options.image === undefined ? undefined : imageOption(options.image);
  // Paths with different configuration files (the nearest .basepin.yaml of each) are separate runs, one report.
  const deadlineMs = options.deadline === undefined ? defaults.runDeadlineMs : parseTimeout(options.deadline);
  if (deadlineMs === undefined)
    throw new UsageError(`--deadline ${options.deadline}: must be a duration like 2m or 90s, above 0`);
  const groups = await configsForPaths(io.cwd, paths, options.config);
  const report: Report = { entries: [], problems: [], changes: [] };
  const moves: Move[] = [];
  for (const group of groups) {
    const part = await runGroup(name, group, { ...options, deadlineMs, imageRef }, io);
    report.entries.push(...part.report.entries);
    report.problems.push(...part.report.problems);
    report.changes.push(...part.report.changes);
    moves.push(...part.moves);
  }
  if (name === 'ls' && options.unread) return writeUnread(report, groups, options, io);
  const strict = options.strict ?? false;
  const quiet = options.quiet ?? false;
  await writeReport(io, output, { command: name, report, dryRun: options.dryRun ?? false, strict, quiet, moves });
  const nothing = await nothingFound(report, groups, options, io);
  if (nothing !== undefined) io.stderr.write(`basepin: ${name === 'check' ? 'error' : 'warning'}: ${nothing}\n`);
  if (nothing !== undefined && name === 'check') return 2;
  return exitCode(name, report, { strict, failOn: options.failOn ?? 'any' });
}

/** One run over paths sharing a configuration, with its own registry client. */
async function runGroup(
  name: Name,
  group: ConfigGroup,
  options: ReferenceOptions & { deadlineMs: number; imageRef?: NormalizedReference },
  io: Io,
): Promise<{ report: Report; moves: Move[] }> {
  const { config, paths } = group;
  requestTimeout(options); // a bad --timeout is a usage error even when nothing is looked up
  const registry = name === 'ls' ? undefined : lazyRegistry(() => openRegistry(config, options, io));
  try {
    const resolver = registry && withProgress(withHints(registry, registry), io);
    let report: Report;
    try {
      report = await run({
        command: name,
        cwd: io.cwd,
        paths,
        config,
        imageRef: options.imageRef,
        dryRun: options.dryRun,
        resolver,
      });
    } finally {
      resolver?.done();
    }
    return { report, moves: name === 'update' && registry ? await describeMoves(report, registry) : [] };
  } finally {
    await registry?.close();
  }
}

/**
 * A run that read no file: say so, since a CI gate pointed at the wrong path must not pass in silence. `check` fails
 * with it (exit 2) unless `--allow-empty` says an empty tree is expected; other commands only warn.
 */
async function nothingFound(
  report: Report,
  groups: ConfigGroup[],
  options: ReferenceOptions,
  io: Io,
): Promise<string | undefined> {
  if (options.allowEmpty || report.entries.length > 0 || report.problems.length > 0) return undefined;
  // No reference and no problem: were there files at all? Asked again only in this rare case (a tree of files with
  // no image reference, such as a Dockerfile `FROM scratch`, is not empty).
  const { discover } = await import('../../files/index.js');
  const { extractorFor } = await import('../../extract/index.js');
  for (const { config, paths } of groups) {
    const { include, exclude } = config;
    const found = await discover(paths, {
      cwd: io.cwd,
      include,
      exclude,
      wanted: (file) => extractorFor(file) !== undefined,
    });
    if (found.files.length > 0) return undefined;
  }
  const paths = groups.flatMap((group) => group.paths);
  return `no files basepin reads under ${paths.length === 0 ? '.' : paths.join(', ')} (--allow-empty accepts that)`;
}

/** `ls --unread`: the files that mention images basepin does not read (a line each, or JSON), then the problems. */
async function writeUnread(report: Report, groups: ConfigGroup[], options: ReferenceOptions, io: Io): Promise<number> {
  const read = new Set(report.entries.map((entry) => entry.file));
  const unread = (
    await Promise.all(groups.map(({ config, paths }) => unreadFiles(io.cwd, paths, config, read)))
  ).flat();
  if (options.json || options.format === 'json') {
    io.stdout.write(`${JSON.stringify({ unread, errors: report.problems }, null, 2)}\n`);
  } else {
    for (const { file, line } of unread)
      io.stdout.write(`${printable(file)}:${line}: mentions an image basepin does not read\n`);
    for (const { file, line, column, message } of report.problems) {
      io.stderr.write(`${printable(`${file}:${line}:${column}`)}: error: ${printable(message)}\n`);
    }
  }
  return report.problems.length > 0 ? 2 : 0;
}

/** `--image` takes a repository name, with or without a tag; parsed here, once. */
function imageOption(image: string): NormalizedReference {
  let ref: NormalizedReference;
  try {
    ref = parseNormalized(image);
  } catch (error) {
    if (error instanceof InvalidReferenceError) throw new UsageError(`--image ${image}: ${error.message}`);
    throw error;
  }
  if (ref.digest !== null) throw new UsageError(`--image ${image}: give a name and tag; a digest selects nothing here`);
  return ref;
}

/**
 * The exit status of a report, for every reference command: 2 when something could not be done; 1 when it found a
 * status the command fails on (plan/policy.ts: check's unpinned references and stale pins, narrowed by `failOn`, and
 * with `strict` also references basepin had to skip, never the ones the user chose to ignore); else 0.
 */
export function exitCode(name: Name, report: Report, policy: { strict: boolean; failOn: FailOn }): number {
  if (report.problems.length > 0 || report.entries.some((entry) => entry.status === 'error')) return 2;
  const fails = failingStatuses(name, policy);
  return report.entries.some((entry) => fails.has(entry.status) && !entry.ignored) ? 1 : 0;
}
