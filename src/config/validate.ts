import path from 'node:path';
import type { Config, RegistryConfig } from './types.js';
import { isObject } from '../is-object.js';
import { parseDuration } from '../serve/light.js';
import { SOURCE_KEYS, validateSources } from './validate-sources.js';

type Validated = { config: Config } | { problems: string[] };

const REGISTRY_KEYS = [
  'mirror',
  'insecure',
  'ca',
  'certificate',
  'key',
  'username',
  'password',
  'passwordEnv',
  'verify',
  'timeout',
] as const;

/** Check parsed configuration data and turn it into a Config; every problem is named by its key path. */
export function validateConfig(data: unknown, baseDirectory: string): Validated {
  const problems: string[] = [];
  if (!isObject(data))
    return { problems: ['the file must hold a mapping of keys (registries, include, exclude, ignore)'] };

  // `$schema` is for editors (the YAML language server reads it); basepin only checks that it is a string.
  for (const key of Object.keys(data)) {
    if (!['$schema', 'registries', 'include', 'exclude', 'ignore', 'maxFileBytes', ...SOURCE_KEYS].includes(key)) {
      problems.push(`${key}: unknown key`);
    }
  }
  if (data.$schema !== undefined && typeof data.$schema !== 'string') {
    problems.push('$schema: must be a string (the URL of a JSON Schema)');
  }
  const config: Config = {
    registries: {},
    include: stringList(data.include, 'include', problems),
    exclude: stringList(data.exclude, 'exclude', problems),
    ignore: stringList(data.ignore, 'ignore', problems),
  };
  const { maxFileBytes } = data;
  if (maxFileBytes !== undefined) {
    const valid = typeof maxFileBytes === 'number' && Number.isSafeInteger(maxFileBytes) && maxFileBytes > 0;
    if (valid) config.maxFileBytes = maxFileBytes;
    else problems.push('maxFileBytes: must be a whole number of bytes above 0');
  }
  validateSources(data, config, problems);

  if (data.registries !== undefined && !isObject(data.registries)) {
    problems.push('registries: must be a mapping of registry host to settings');
  } else {
    for (const [host, settings] of Object.entries(data.registries ?? {})) {
      const registry = validateRegistry(host, settings, baseDirectory, problems);
      if (registry) config.registries[host] = registry;
    }
  }
  return problems.length > 0 ? { problems } : { config };
}

function validateRegistry(
  host: string,
  settings: unknown,
  base: string,
  problems: string[],
): RegistryConfig | undefined {
  const at = `registries.${host}`;
  if (!/^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+)(:\d+)?$/.test(host))
    problems.push(`${at}: not a registry host (host or host:port)`);
  if (!isObject(settings)) {
    problems.push(`${at}: must be a mapping (${REGISTRY_KEYS.join(', ')})`);
    return undefined;
  }
  for (const key of Object.keys(settings)) {
    if (!(REGISTRY_KEYS as readonly string[]).includes(key)) problems.push(`${at}.${key}: unknown key`);
  }
  const problem: Problem = (key, message) => problems.push(`${at}.${key}: ${message}`);
  const registry = { ...connectionSettings(settings, base, problem), ...credentialSettings(settings, problem) };
  pairings(registry, at, problems);
  return registry;
}

/** Reports a problem with one key of a registry's settings. */
type Problem = (key: string, message: string) => void;

/** `mirror`, `insecure`, `verify`, `timeout`, and the PEM file paths `ca`, `certificate` and `key` (resolved against `base`). */
function connectionSettings(settings: Record<string, unknown>, base: string, problem: Problem): RegistryConfig {
  const registry: RegistryConfig = {};
  if (settings.mirror !== undefined) {
    const mirror = validateMirror(settings.mirror, problem);
    if (mirror !== undefined) registry.mirror = mirror;
  }
  for (const key of ['insecure', 'verify'] as const) {
    const value = settings[key];
    if (value === undefined) continue;
    if (typeof value === 'boolean') registry[key] = value;
    else problem(key, 'must be true or false');
  }
  if (settings.timeout !== undefined) {
    const timeoutMs = parseTimeout(settings.timeout);
    if (timeoutMs !== undefined) registry.timeoutMs = timeoutMs;
    else problem('timeout', 'must be a duration like 15s or 500ms, or a number of seconds, above 0');
  }
  for (const key of ['ca', 'certificate', 'key'] as const) {
    const value = settings[key];
    if (value === undefined) continue;
    if (typeof value === 'string' && value !== '') registry[key] = path.resolve(base, value);
    else problem(key, 'must be the path of a PEM file');
  }
  return registry;
}

/** `username`, `password` and `passwordEnv`. */
function credentialSettings(settings: Record<string, unknown>, problem: Problem): RegistryConfig {
  const registry: RegistryConfig = {};
  for (const key of ['username', 'password'] as const) {
    const value = settings[key];
    if (value === undefined) continue;
    if (typeof value === 'string') registry[key] = value;
    else problem(key, 'must be a string');
  }
  const { passwordEnv } = settings;
  if (passwordEnv !== undefined) {
    if (typeof passwordEnv === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(passwordEnv))
      registry.passwordEnv = passwordEnv;
    else problem('passwordEnv', 'must be the name of an environment variable');
  }
  return registry;
}

/** Keys that only make sense together. */
function pairings(registry: RegistryConfig, at: string, problems: string[]): void {
  const hasPassword = registry.password !== undefined || registry.passwordEnv !== undefined;
  if (registry.password !== undefined && registry.passwordEnv !== undefined) {
    problems.push(`${at}: password and passwordEnv exclude each other`);
  } else if ((registry.username === undefined) !== !hasPassword) {
    problems.push(`${at}: username and password (or passwordEnv) go together`);
  }
  if ((registry.certificate === undefined) !== (registry.key === undefined)) {
    problems.push(`${at}: certificate and key go together`);
  }
}

/** One mirror URL or a non-empty list of them, without trailing slashes; each bad one is a problem named by its index. */
function validateMirror(value: unknown, problem: Problem): string | string[] | undefined {
  const trim = (url: string) => url.replace(/\/+$/, '');
  if (typeof value === 'string' && isHttpUrl(value)) return trim(value);
  if (!Array.isArray(value) || value.length === 0) {
    problem('mirror', 'must be an http:// or https:// URL, or a list of them');
    return undefined;
  }
  const bad = value
    .map((item: unknown, index) => ({ item, index }))
    .filter(({ item }) => typeof item !== 'string' || !isHttpUrl(item));
  for (const { index } of bad) problem(`mirror[${index}]`, 'must be an http:// or https:// URL');
  return bad.length === 0 ? value.map((item: string) => trim(item)) : undefined;
}

/** A request timeout in milliseconds: `15s`, `500ms`, `1m`, or a number of seconds (`15`, `2.5`); undefined unless above 0. */
export function parseTimeout(value: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof value === 'number') ms = value * 1000;
  else if (typeof value === 'string')
    ms = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) * 1000 : parseDuration(value);
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}

function stringList(value: unknown, at: string, problems: string[]): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '')) return value;
  problems.push(`${at}: must be a list of non-empty strings`);
  return [];
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
