/**
 * The one output mechanism of pin, check, update and ls: the report in one format on standard output (`--format`,
 * or its aliases `--json` and `--sarif`), and in any formats to files in the same run (`--output FORMAT:FILE`).
 */

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Io } from '../io.js';
import { painter } from '../style.js';
import { UsageError } from '../usage-error.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { text } from './text.js';
import { FORMATS, type Format, type Rendered, type ReportContext } from './types.js';

export type { Format, ReportContext } from './types.js';

const RENDER: Record<Exclude<Format, 'text'>, (context: ReportContext) => string> = {
  json,
  sarif,
  github,
  gitlab,
  markdown,
};

/** What the command line asks for: the standard output's format, and each file with its format. */
export interface OutputChoice {
  format: Format;
  files: { format: Format; file: string }[];
}

/**
 * Reads `--format`, `--json`, `--sarif` and every `--output FORMAT:FILE`. Two different formats for standard output
 * (`--json --sarif`, `--json --format text`) are a usage error; saying one twice is not.
 */
export function outputChoice(options: {
  format?: string;
  json?: boolean;
  sarif?: boolean;
  output?: string[];
}): OutputChoice {
  const asked = [
    ...(options.format === undefined
      ? []
      : [[`--format ${options.format}`, formatNamed(options.format, '--format')] as const]),
    ...(options.json ? [['--json', 'json'] as const] : []),
    ...(options.sarif ? [['--sarif', 'sarif'] as const] : []),
  ];
  const formats = new Set(asked.map(([, format]) => format));
  if (formats.size > 1)
    throw new UsageError(`${asked.map(([flag]) => flag).join(' and ')} ask for different formats: choose one`);
  const files = (options.output ?? []).map((value) => {
    const colon = value.indexOf(':');
    const file = value.slice(colon + 1);
    if (colon < 0 || file === '')
      throw new UsageError(`--output ${value}: must be FORMAT:FILE (e.g. sarif:basepin.sarif)`);
    return { format: formatNamed(value.slice(0, colon), `--output ${value}`), file };
  });
  return { format: [...formats][0] ?? 'text', files };
}

function formatNamed(name: string, flag: string): Format {
  if ((FORMATS as readonly string[]).includes(name)) return name as Format;
  throw new UsageError(`${flag}: unknown format ${name}: must be one of ${FORMATS.join(', ')}`);
}

/** Writes the report: each `--output` file first (relative to the working directory), then standard output and error. */
export async function writeReport(io: Io, choice: OutputChoice, context: ReportContext): Promise<void> {
  for (const { format, file } of choice.files) {
    const rendered = render(format, context);
    await writeFile(path.resolve(io.cwd, file), rendered.stdout + rendered.stderr);
  }
  const terminal = io.stdout.isTTY === true;
  const rendered =
    choice.format === 'text'
      ? text({ ...context, terminal }, { stdout: painter(io.stdout, io), stderr: painter(io.stderr, io) })
      : render(choice.format, context);
  io.stdout.write(rendered.stdout);
  if (rendered.stderr !== '') io.stderr.write(rendered.stderr);
}

/** Without colors: for files. */
function render(format: Format, context: ReportContext): Rendered {
  return format === 'text' ? text(context) : { stdout: RENDER[format](context), stderr: '' };
}
