import { homedir } from 'node:os';
import { loadConfig } from '../../config/index.js';
import {
  doctor,
  EngineClient,
  findEngineEndpoint,
  type DoctorEntry,
  type DoctorReport,
  type DoctorStatus,
  type PullProgress,
} from '../../engine/index.js';
import { effectiveTag, repositoryName } from '../../reference/index.js';
import type { Io } from '../io.js';
import { printable } from '../printable.js';
import { painter } from '../style.js';
import { location, short, shortImage, table } from '../text.js';
import { imageArgument, withRegistry } from './inspect.js';

export interface DoctorOptions {
  image?: string[];
  pull?: boolean;
  json?: boolean;
  config?: string;
  verbose?: boolean;
  quiet?: boolean;
}

/**
 * `basepin doctor [PATH...]`: is the local engine's copy of each referenced tag the registry's current image?
 * 2 when the engine or a registry cannot be asked, 1 when a cached tag is stale, else 0.
 */
export async function doctorCommand(paths: string[], options: DoctorOptions, io: Io): Promise<number> {
  const images = options.image ?? [];
  for (const image of images) imageArgument(image, '--image');
  const config = await loadConfig(io.cwd, options.config);
  const engine = new EngineClient(await findEngineEndpoint(io.env, io.env.HOME ?? homedir()));
  const report = await withRegistry(config, options, io, (registry) =>
    doctor({
      cwd: io.cwd,
      paths,
      images,
      config,
      engine,
      registry,
      env: io.env,
      pull: options.pull,
      onPull: pullReporter(io),
    }),
  );
  if (options.json) writeJson(io, report);
  else writeHuman(io, report, options);
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
    if (event === undefined) io.stderr.write(`basepin: pulling ${printable(image)}\n`);
    if (event === undefined || event.progress !== undefined || io.stderr.isTTY !== true) return;
    const line = `basepin:   ${printable(`${event.id === undefined ? '' : `${event.id}: `}${event.status}`)}\n`;
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
function writeHuman(io: Io, report: DoctorReport, options: DoctorOptions): void {
  const paint = painter(io.stdout, io);
  const attention = (entry: DoctorEntry) => entry.status === 'stale' || entry.status === 'error';
  const shown = options.quiet ? report.entries.filter(attention) : report.entries;
  const rows = shown.map((entry) => [entry.status, where(entry), shortImage(entry.image), detail(entry)]);
  for (const line of table(rows, (cell, column, index) =>
    column === 0 ? paint(COLOR[shown[index]!.status], cell) : cell,
  )) {
    io.stdout.write(`${line}\n`);
  }
  const red = painter(io.stderr, io)('red', 'error');
  for (const problem of report.problems) {
    const at = location(problem.file, problem.line, problem.column);
    io.stderr.write(`${printable(at)}: ${red}: ${printable(problem.message)}\n`);
  }
  for (const entry of report.entries.filter((one) => one.status === 'error')) {
    io.stderr.write(`${printable(where(entry))}: ${red}: ${printable(entry.message ?? 'failed')}\n`);
  }
  if (!options.quiet) io.stdout.write(`${summary(report, options.pull ?? false)}\n`);
}

function where(entry: DoctorEntry): string {
  return entry.file === null ? '--image' : location(entry.file, entry.line, entry.column);
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
    case 'error':
      return ''; // printed once, on stderr
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
