import { homedir } from 'node:os';
import { loadConfig } from '../../config/load.js';
import {
  doctor,
  EngineClient,
  EngineError,
  findEngineEndpoint,
  type DoctorEntry,
  type DoctorReport,
  type DoctorStatus,
  type PullProgress,
} from '../../engine/index.js';
import { effectiveTag, repositoryName } from '../../reference/index.js';
import { short } from '../format.js';
import type { Io } from '../io.js';
import type { Register } from '../program.js';
import { painter } from '../style.js';
import { imageArgument, withRegistry } from './inspect.js';

export interface DoctorOptions {
  image?: string[];
  pull?: boolean;
  json?: boolean;
  config?: string;
  verbose?: boolean;
}

/**
 * `basepin doctor [PATH...]`: is the local engine's copy of each referenced tag the registry's current image?
 * 2 when the engine or a registry cannot be asked, 1 when a cached tag is stale, else 0.
 */
export async function doctorCommand(paths: string[], options: DoctorOptions, io: Io): Promise<number> {
  const images = options.image ?? [];
  for (const image of images) imageArgument(image, '--image');
  const config = await loadConfig(io.cwd, options.config);
  let report: DoctorReport | undefined;
  try {
    const engine = new EngineClient(await findEngineEndpoint(io.env, io.env.HOME ?? homedir()));
    report = await withRegistry(config, options, io, (registry) =>
      doctor({ cwd: io.cwd, paths, images, config, engine, registry, env: io.env, pull: options.pull, onPull: pullReporter(io) }),
    );
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    io.stderr.write(`basepin: ${error.message}\n`);
    return 2;
  }
  if (report === undefined) return 2;
  if (options.json) writeJson(io, report);
  else writeHuman(io, report, options.pull ?? false);
  if (report.problems.length > 0 || report.entries.some((entry) => entry.status === 'error')) return 2;
  return report.entries.some((entry) => entry.status === 'stale') ? 1 : 0;
}

/**
 * Pull progress on stderr: a line when each pull starts, and on a terminal each step the engine reports (not the
 * progress bars, nor a step repeated).
 */
function pullReporter(io: Io): (image: string, event?: PullProgress) => void {
  let last = '';
  return (image, event) => {
    if (event === undefined) io.stderr.write(`basepin: pulling ${image}\n`);
    if (event === undefined || event.progress !== undefined || io.stderr.isTTY !== true) return;
    const line = `basepin:   ${event.id === undefined ? '' : `${event.id}: `}${event.status}\n`;
    if (line !== last) io.stderr.write(line);
    last = line;
  };
}

function writeJson(io: Io, report: DoctorReport): void {
  const { engine } = report;
  const references = report.entries.map((entry) => ({
    file: entry.file,
    line: entry.line,
    column: entry.column,
    image: entry.image,
    name: entry.ref === null ? null : repositoryName(entry.ref),
    tag: entry.ref === null ? null : effectiveTag(entry.ref),
    pinned: entry.pinned,
    status: entry.status,
    cached: entry.cached,
    current: entry.current,
    currentPlatform: entry.currentPlatform,
    pulled: entry.pulled,
    message: entry.message ?? null,
  }));
  const errors = report.problems.map(({ file, line, column, message }) => ({ file, line, column, message }));
  io.stdout.write(`${JSON.stringify({ engine, references, errors }, null, 2)}\n`);
}

const COLOR: Record<DoctorStatus, 'green' | 'yellow' | 'red' | 'dim'> = {
  fresh: 'green',
  stale: 'yellow',
  missing: 'dim',
  mismatch: 'yellow',
  skipped: 'dim',
  error: 'red',
};

/** One aligned row per reference, every error again on stderr as `file:line:column: error: message`, then a summary. */
function writeHuman(io: Io, report: DoctorReport, pulled: boolean): void {
  const paint = painter(io.stdout, io.env);
  const rows = report.entries.map((entry) => [entry.status, where(entry), entry.image, detail(entry)]);
  const widths = [0, 1, 2].map((column) => Math.max(0, ...rows.map((row) => row[column]!.length)));
  for (const row of rows) {
    const cells = row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell));
    cells[0] = paint(COLOR[row[0] as DoctorStatus], cells[0]!);
    io.stdout.write(`${cells.join('  ').trimEnd()}\n`);
  }
  const red = painter(io.stderr, io.env)('red', 'error');
  for (const problem of report.problems) {
    const at = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
    io.stderr.write(`${at}: ${red}: ${problem.message}\n`);
  }
  for (const entry of report.entries.filter((one) => one.status === 'error')) io.stderr.write(`${where(entry)}: ${red}: ${entry.message}\n`);
  io.stdout.write(`${summary(report, pulled)}\n`);
}

function where(entry: DoctorEntry): string {
  return entry.file === null ? '--image' : entry.line > 0 ? `${entry.file}:${entry.line}:${entry.column}` : entry.file;
}

/** What a row says after its status, location and image. */
function detail(entry: DoctorEntry): string {
  const { cached, current, pinned } = entry;
  const done = entry.pulled ? 'pulled; ' : '';
  switch (entry.status) {
    case 'fresh':
      return `${done}cached ${short(current!)}, the registry's current image`;
    case 'stale':
      return cached!.length === 0
        ? `${done}the cached image was built or tagged locally; registry has ${short(current!)}`
        : `${done}cached ${cached!.map(short).join(', ')}; registry has ${short(current!)}`;
    case 'missing':
      return `not cached; registry has ${short(current!)}`;
    case 'mismatch':
      return `${done}pinned ${short(pinned!)}, but cache and registry have ${short(current!)} (basepin update moves the pin)`;
    default:
      return entry.message ?? '';
  }
}

function summary(report: DoctorReport, pulled: boolean): string {
  const counts = new Map<string, number>();
  for (const entry of report.entries) counts.set(entry.status, (counts.get(entry.status) ?? 0) + 1);
  const total = report.entries.length;
  const parts = [...counts].map(([status, count]) => `${count} ${status}`);
  let line = `${total} reference${total === 1 ? '' : 's'}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
  const { endpoint, os, architecture } = report.engine;
  line += `; engine ${endpoint} (${os}/${architecture})`;
  if (!pulled && counts.has('stale')) line += '\nbasepin doctor --pull pulls the stale images';
  return line;
}

export const registerDoctor: Register = (program, io, exit) => {
  program
    .command('doctor')
    .description("compare the local engine's cached images with the registry's current digests and the pins")
    .argument('[paths...]', 'files or directories to search (default: . unless --image is given)')
    .option('--image <name[:tag]>', 'also check this image (repeatable)', (value: string, list: string[] = []) => [...list, value])
    .option('--pull', 'pull the stale images through the engine')
    .option('--json', 'print machine-readable JSON')
    .option('--config <file>', 'configuration file (default: .basepin.yaml if present)')
    .option('-v, --verbose', 'log every registry request on stderr')
    .action(async (paths: string[], options: DoctorOptions) => exit(await doctorCommand(paths, options, io)));
};
