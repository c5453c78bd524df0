/**
 * Which container engine to talk to, the way the docker CLI chooses: `DOCKER_HOST`, else the Docker context named by
 * `DOCKER_CONTEXT` or by `currentContext` in `config.json`, else `unix:///var/run/docker.sock`.
 */

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from './errors.js';

export type EngineEndpoint =
  | { kind: 'unix'; socketPath: string; url: string; source: string }
  | { kind: 'tcp'; host: string; port: number; url: string; source: string };

export const DEFAULT_ENGINE_HOST = 'unix:///var/run/docker.sock';
/** The docker CLI's port for plain-HTTP `tcp://` hosts given without one. */
const DEFAULT_TCP_PORT = 2375;

/** The environment variables that choose an engine. */
export interface EngineEnvironment {
  DOCKER_HOST?: string;
  DOCKER_CONTEXT?: string;
  DOCKER_CONFIG?: string;
  DOCKER_TLS_VERIFY?: string;
}

/**
 * The engine endpoint `env` selects; `home` is the directory holding `.docker` (unless `DOCKER_CONFIG` says otherwise).
 * Throws `EngineError` (`unsupported`) for one basepin cannot use.
 */
export async function findEngineEndpoint(env: EngineEnvironment, home: string): Promise<EngineEndpoint> {
  if (nonEmpty(env.DOCKER_HOST)) return parseEngineHost(env.DOCKER_HOST, 'DOCKER_HOST', env);
  const configDir = nonEmpty(env.DOCKER_CONFIG) ? env.DOCKER_CONFIG : path.join(home, '.docker');
  const context = nonEmpty(env.DOCKER_CONTEXT) ? env.DOCKER_CONTEXT : await currentContext(configDir);
  if (context === undefined || context === 'default') return parseEngineHost(DEFAULT_ENGINE_HOST, 'default', env);
  const source = `docker context "${context}"`;
  return parseEngineHost(await contextHost(configDir, context, source), source, env);
}

/** Reads `unix:///path` or `tcp://host[:port]`. `source` says where the text came from, for messages. */
export function parseEngineHost(text: string, source: string, env: EngineEnvironment = {}): EngineEndpoint {
  const unsupported = (why: string) =>
    new EngineError(`${source}: ${why}`, { reason: 'unsupported', endpoint: text, source });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw unsupported(`${text} is not an engine address (unix:///path/to/socket or tcp://host:port)`);
  }
  if (url.protocol === 'unix:') {
    if (url.pathname === '' || url.pathname === '/') throw unsupported(`${text} names no socket`);
    return { kind: 'unix', socketPath: decodeURIComponent(url.pathname), url: text, source };
  }
  if (url.protocol === 'tcp:') {
    if (nonEmpty(env.DOCKER_TLS_VERIFY))
      throw unsupported('TLS to the engine (DOCKER_TLS_VERIFY) is not supported; use a unix socket or plain tcp://');
    const port = url.port === '' ? DEFAULT_TCP_PORT : Number(url.port);
    return { kind: 'tcp', host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, url: text, source };
  }
  throw unsupported(`${url.protocol}// engine addresses are not supported; use unix:// or tcp://`);
}

/** `currentContext` from `config.json`; undefined when the file or the field is absent. */
async function currentContext(configDir: string): Promise<string | undefined> {
  const file = path.join(configDir, 'config.json');
  const config = await readJson(file, `the Docker configuration ${file}`);
  const name = (config as { currentContext?: unknown } | undefined)?.currentContext;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** A context's docker endpoint, from `contexts/meta/<sha256 of the name>/meta.json`. */
async function contextHost(configDir: string, context: string, source: string): Promise<string> {
  const id = createHash('sha256').update(context).digest('hex');
  const file = path.join(configDir, 'contexts', 'meta', id, 'meta.json');
  const meta = await readJson(file, `${source} (${file})`);
  if (meta === undefined) {
    throw new EngineError(`${source} does not exist (no ${file})`, { reason: 'unsupported', source });
  }
  const host = (meta as { Endpoints?: { docker?: { Host?: unknown } } }).Endpoints?.docker?.Host;
  if (typeof host !== 'string' || host === '') {
    throw new EngineError(`${source} has no docker endpoint (Endpoints.docker.Host in ${file})`, {
      reason: 'unsupported',
      source,
    });
  }
  return host;
}

/** The parsed JSON of `file`; undefined when it does not exist. */
async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EngineError(`cannot read ${what}: ${(error as Error).message}`, { reason: 'unsupported', cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new EngineError(`${what} is not valid JSON: ${(error as Error).message}`, {
      reason: 'unsupported',
      cause: error,
    });
  }
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
