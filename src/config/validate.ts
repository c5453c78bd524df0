import path from 'node:path';
import type { Config, RegistryConfig } from './types.js';

type Validated = { config: Config } | { problems: string[] };

const REGISTRY_KEYS = ['mirror', 'insecure', 'ca', 'username', 'password'] as const;

/** Check parsed configuration data and turn it into a Config; every problem is named by its key path. */
export function validateConfig(data: unknown, baseDirectory: string): Validated {
  const problems: string[] = [];
  if (!isObject(data)) return { problems: ['the file must hold a mapping of keys (registries, include, exclude, ignore)'] };

  for (const key of Object.keys(data)) {
    if (!['registries', 'include', 'exclude', 'ignore'].includes(key)) problems.push(`${key}: unknown key`);
  }
  const config: Config = {
    registries: {},
    include: stringList(data.include, 'include', problems),
    exclude: stringList(data.exclude, 'exclude', problems),
    ignore: stringList(data.ignore, 'ignore', problems),
  };

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

function validateRegistry(host: string, settings: unknown, base: string, problems: string[]): RegistryConfig | undefined {
  const at = `registries.${host}`;
  if (!/^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+)(:\d+)?$/.test(host)) problems.push(`${at}: not a registry host (host or host:port)`);
  if (!isObject(settings)) {
    problems.push(`${at}: must be a mapping (mirror, insecure, ca, username, password)`);
    return undefined;
  }
  for (const key of Object.keys(settings)) {
    if (!(REGISTRY_KEYS as readonly string[]).includes(key)) problems.push(`${at}.${key}: unknown key`);
  }
  const registry: RegistryConfig = {};
  const { mirror, insecure, ca, username, password } = settings;
  if (mirror !== undefined) {
    if (typeof mirror === 'string' && isHttpUrl(mirror)) registry.mirror = mirror.replace(/\/+$/, '');
    else problems.push(`${at}.mirror: must be an http:// or https:// URL`);
  }
  if (insecure !== undefined) {
    if (typeof insecure === 'boolean') registry.insecure = insecure;
    else problems.push(`${at}.insecure: must be true or false`);
  }
  if (ca !== undefined) {
    if (typeof ca === 'string' && ca !== '') registry.ca = path.resolve(base, ca);
    else problems.push(`${at}.ca: must be the path of a PEM file`);
  }
  for (const [key, value] of [['username', username], ['password', password]] as const) {
    if (value === undefined) continue;
    if (typeof value === 'string') registry[key] = value;
    else problems.push(`${at}.${key}: must be a string`);
  }
  if ((registry.username === undefined) !== (registry.password === undefined)) {
    problems.push(`${at}: username and password go together`);
  }
  return registry;
}

function stringList(value: unknown, at: string, problems: string[]): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '')) return value;
  problems.push(`${at}: must be a list of non-empty strings`);
  return [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
