import { loadConfig } from '../../config/load.js';
import type { Command as Name } from '../../plan/decide.js';
import { InvalidReferenceError, parseNormalized } from '../../reference/index.js';
import { RegistryClient } from '../../registry/index.js';
import { run, type Report } from '../../run.js';
import { writeDiff, writeHuman, writeJson } from '../format.js';
import type { Io } from '../io.js';
import { UsageError } from '../usage-error.js';

export interface ReferenceOptions {
  json?: boolean;
  dryRun?: boolean;
  image?: string;
  config?: string;
  strict?: boolean;
  verbose?: boolean;
}

/** ls, check, pin and update: find references, ask the registry what each needs, write, report. Returns the exit code. */
export async function referencesCommand(name: Name, paths: string[], options: ReferenceOptions, io: Io): Promise<number> {
  if (options.image !== undefined) checkImageOption(options.image);
  const config = await loadConfig(io.cwd, options.config);
  const resolver =
    name === 'ls'
      ? undefined
      : new RegistryClient({
          registries: config.registries,
          log: options.verbose ? (line) => io.stderr.write(`basepin: ${line}\n`) : undefined,
        });
  let report: Report;
  try {
    report = await run({ command: name, cwd: io.cwd, paths, config, image: options.image, dryRun: options.dryRun, resolver });
  } finally {
    await resolver?.close();
  }
  if (options.json) writeJson(io, report);
  else {
    if (options.dryRun) writeDiff(io, report);
    writeHuman(io, report, { dryRun: options.dryRun });
  }
  return exitCode(name, report, options.strict ?? false);
}

/** `--image` takes a repository name, with or without a tag. */
function checkImageOption(image: string): void {
  try {
    parseNormalized(image);
  } catch (error) {
    if (error instanceof InvalidReferenceError) throw new UsageError(`--image ${image}: ${error.message}`);
    throw error;
  }
}

/** 2: something could not be done; 1: check found unpinned, stale (or, with --strict, skipped) references; else 0. */
export function exitCode(name: Name, report: Report, strict: boolean): number {
  if (report.problems.length > 0 || report.entries.some((entry) => entry.status === 'error')) return 2;
  if (name !== 'check') return 0;
  const failing = new Set(strict ? ['unpinned', 'stale', 'skipped'] : ['unpinned', 'stale']);
  return report.entries.some((entry) => failing.has(entry.status)) ? 1 : 0;
}
