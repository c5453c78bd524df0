import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { parseTimeout } from '../../config/validate.js';
import { defaults } from '../../defaults.js';
import type { Command as Name } from '../../plan/decide.js';
import { InvalidReferenceError, parseNormalized } from '../../reference/index.js';
import { run, type Report } from '../../run.js';
import { writeDiff, writeHuman, writeJson, writeMoves } from '../format.js';
import type { Io } from '../io.js';
import { describeMoves, type Move } from '../moves.js';
import { writeSarif } from '../sarif.js';
import type { Register } from '../program.js';
import { openRegistry } from '../registry.js';
import { UsageError } from '../usage-error.js';

export interface ReferenceOptions {
  json?: boolean;
  dryRun?: boolean;
  image?: string;
  config?: string;
  strict?: boolean;
  sarif?: boolean;
  verbose?: boolean;
  verify?: boolean;
  timeout?: string;
  deadline?: string;
}

/** ls, check, pin and update: find references, ask the registry what each needs, write, report. Returns the exit code. */
export async function referencesCommand(name: Name, paths: string[], options: ReferenceOptions, io: Io): Promise<number> {
  if (options.image !== undefined) checkImageOption(options.image);
  const config = await loadConfig(io.cwd, options.config);
  const deadlineMs = options.deadline === undefined ? defaults.runDeadlineMs : parseTimeout(options.deadline);
  if (deadlineMs === undefined) throw new UsageError(`--deadline ${options.deadline}: must be a duration like 2m or 90s, above 0`);
  const resolver = name === 'ls' ? undefined : await openRegistry(config, { ...options, deadlineMs }, io);
  let report: Report;
  let moves: Move[] = [];
  try {
    report = await run({ command: name, cwd: io.cwd, paths, config, image: options.image, dryRun: options.dryRun, resolver });
    if (name === 'update' && resolver) moves = await describeMoves(report, resolver);
  } finally {
    await resolver?.close();
  }
  if (options.sarif) writeSarif(io, report);
  else if (options.json) writeJson(io, report, name === 'update' ? moves : undefined);
  else {
    if (options.dryRun) writeDiff(io, report);
    writeHuman(io, report, { dryRun: options.dryRun });
    writeMoves(io, moves);
  }
  return exitCode(name, report, options.strict ?? false);
}

/** `--image` takes a repository name, with or without a tag. */
function checkImageOption(image: string): void {
  let ref;
  try {
    ref = parseNormalized(image);
  } catch (error) {
    if (error instanceof InvalidReferenceError) throw new UsageError(`--image ${image}: ${error.message}`);
    throw error;
  }
  if (ref.digest !== null) throw new UsageError(`--image ${image}: give a name and tag; a digest selects nothing here`);
}

/**
 * 2: something could not be done; 1: check found unpinned or stale references (with --strict, also references basepin
 * had to skip, but not the ones the user chose to ignore); else 0.
 */
export function exitCode(name: Name, report: Report, strict: boolean): number {
  if (report.problems.length > 0 || report.entries.some((entry) => entry.status === 'error')) return 2;
  if (name !== 'check') return 0;
  const failing = (entry: Report['entries'][number]) =>
    entry.status === 'unpinned' || entry.status === 'stale' || (strict && entry.status === 'skipped' && !entry.ignored);
  return report.entries.some(failing) ? 1 : 0;
}

/** pin, check, update and ls share their arguments and options. */
export const registerReferenceCommands: Register = (program, io, exit) => {
  const common = (command: Command) =>
    command
      .argument('[paths...]', 'files or directories to search (default: .)')
      .option('--json', 'print machine-readable JSON')
      .option('--image <name[:tag]>', 'only references to this image')
      .option('--config <file>', 'configuration file (default: .basepin.yaml if present)')
      .option('-v, --verbose', 'log every registry request on stderr');
  const asking = (command: Command) =>
    common(command)
      .option('--verify', 'hash every manifest (GET) instead of trusting the digest header (Docker Hub counts GETs as pulls)')
      .option('--timeout <duration>', `time allowed for each registry request (default: ${defaults.requestTimeoutMs / 1000}s)`)
      .option('--deadline <duration>', `time allowed for all registry lookups of the run (default: ${defaults.runDeadlineMs / 60_000}m)`);
  const action = (name: Name) => async (paths: string[], options: ReferenceOptions) => {
    exit(await referencesCommand(name, paths, options, io));
  };

  asking(program.command('pin'))
    .description('pin every unpinned image reference to the digest its tag points at now')
    .option('--dry-run', 'print a unified diff and write nothing')
    .action(action('pin'));
  asking(program.command('check'))
    .description('exit 1 when a reference is unpinned or stale, 2 when one cannot be checked; write nothing')
    .option('--strict', 'also fail on references basepin had to skip')
    .option('--sarif', 'print SARIF 2.1.0 for code scanning instead of the report')
    .action(action('check'));
  asking(program.command('update'))
    .description('move stale pins to the digest their tag points at now')
    .option('--dry-run', 'print a unified diff and write nothing')
    .action(action('update'));
  common(program.command('ls'))
    .description('list every image reference found, without asking any registry')
    .action(action('ls'));
};
