/**
 * Runs a composite GitHub Action's steps the way the runner does, for tests: each `run:` script with
 * `bash --noprofile --norc -eo pipefail`, its `env:` evaluated, `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY` as fresh files
 * per step (outputs read back into `steps.ID.outputs`), `if:` conditions, and the action's outputs. The expressions
 * understood are the few the action uses (`inputs.X`, `steps.ID.outputs.X`, `github.X`, `inputs.X == 'v'`); any
 * other one throws, so an action that outgrows this runner fails its test instead of passing it untested.
 */

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

interface ActionFile {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: {
    using: string;
    steps: { id?: string; name?: string; if?: string; shell?: string; env?: Record<string, string>; run?: string }[];
  };
}

export interface CompositeOptions {
  inputs: Record<string, string>;
  /** The `github` context (`server_url`, `repository`, `token`, ...). */
  github: Record<string, string>;
  /** The runner's environment (PATH, GITHUB_WORKSPACE, GITHUB_API_URL, RUNNER_TEMP, ...). */
  env: Record<string, string | undefined>;
  /** The working directory of every step (the workspace). */
  cwd: string;
  /** Where the per-step files go. */
  tmp: string;
  timeoutMs?: number;
}

export interface StepRun {
  id: string;
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface CompositeRun {
  /** The steps that ran, in order (skipped ones are left out). */
  steps: StepRun[];
  /** Non-zero when a step failed (the steps after it did not run). */
  code: number;
  outputs: Record<string, string>;
}

export async function runComposite(actionPath: string, options: CompositeOptions): Promise<CompositeRun> {
  const action = parse(await readFile(path.join(actionPath, 'action.yml'), 'utf8')) as ActionFile;
  if (action.runs.using !== 'composite') throw new Error('not a composite action');
  for (const name of Object.keys(options.inputs))
    if (!(name in action.inputs)) throw new Error(`the action has no input ${name}`);
  const context = {
    github: options.github,
    inputs: {} as Record<string, string>,
    steps: {} as Record<string, Record<string, string>>,
  };
  for (const [name, input] of Object.entries(action.inputs))
    context.inputs[name] = options.inputs[name] ?? evaluate(input.default ?? '', context);

  const steps: StepRun[] = [];
  let code = 0;
  for (const [index, step] of action.runs.steps.entries()) {
    const id = step.id ?? `step${index}`;
    if (step.if !== undefined && !condition(step.if, context)) continue;
    if (step.shell !== 'bash' || step.run === undefined) throw new Error(`${id}: only bash run steps are supported`);
    const dir = await mkdtemp(path.join(options.tmp, `${id}-`));
    const files = {
      script: path.join(dir, 'script.sh'),
      output: path.join(dir, 'output'),
      summary: path.join(dir, 'summary'),
    };
    await Promise.all([writeFile(files.script, step.run), writeFile(files.output, ''), writeFile(files.summary, '')]);
    const stepEnv = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([name, value]) => [name, evaluate(String(value), context)]),
    );
    const env = {
      ...options.env,
      ...stepEnv,
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
    };
    const ran = await bash(files.script, env, options.cwd, options.timeoutMs ?? 120_000);
    const outputs = parseOutputFile(await readFile(files.output, 'utf8'));
    context.steps[id] = outputs;
    steps.push({ id, ...ran, outputs, summary: await readFile(files.summary, 'utf8') });
    if (ran.code !== 0) {
      code = ran.code;
      break;
    }
  }
  const outputs = Object.fromEntries(
    Object.entries(action.outputs).map(([name, output]) => [name, evaluate(output.value, context)]),
  );
  return { steps, code, outputs };
}

type Context = {
  github: Record<string, string>;
  inputs: Record<string, string>;
  steps: Record<string, Record<string, string>>;
};

/** Replaces every `${{ expression }}` in `text`. */
function evaluate(text: string, context: Context): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_all, expression: string) => value(expression, context));
}

function value(expression: string, context: Context): string {
  const input = /^inputs\.([\w-]+)$/.exec(expression);
  if (input) return context.inputs[input[1]!] ?? '';
  const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
  if (output) return context.steps[output[1]!]?.[output[2]!] ?? '';
  const github = /^github\.(\w+)$/.exec(expression);
  if (github) {
    if (!(github[1]! in context.github)) throw new Error(`the test gives no github.${github[1]}`);
    return context.github[github[1]!]!;
  }
  throw new Error(`expression not understood by the test runner: ${expression}`);
}

function condition(expression: string, context: Context): boolean {
  const comparison = /^(\S+)\s*(==|!=)\s*'([^']*)'$/.exec(expression.trim());
  if (!comparison) throw new Error(`condition not understood by the test runner: ${expression}`);
  const equal = value(comparison[1]!, context) === comparison[3];
  return comparison[2] === '==' ? equal : !equal;
}

/** `name=value` lines and `name<<DELIMITER` blocks, as the runner reads GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const block = /^([^=]+?)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2]!, index + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: ${block[1]} is not closed by ${block[2]}`);
      outputs[block[1]!] = lines.slice(index + 1, end).join('\n');
      index = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

function bash(script: string, env: Record<string, string | undefined>, cwd: string, timeoutMs: number) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd,
      env,
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 137 : 1), stdout, stderr }));
  });
}
