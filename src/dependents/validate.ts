/**
 * Validation of `basepin-dependents.yaml` data against its JSON Schema (ajv), then the checks a schema cannot express
 * (published images must be valid references; the forge must be complete, its API reached over HTTPS unless it is on
 * this machine), and the defaults. Every problem names its place, e.g.
 * `dependents[1].mode: must be one of pull-request, push`.
 */

import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { InvalidReferenceError, lookupKey, parseNormalized } from '../reference/index.js';
import { isLoopback } from '../http/light.js';
import { completeForge } from './forge.js';
import { dependentsSchema } from './schema.js';
import type { Dependent, ForgeSettings, Mode } from './types.js';

/** An entry as the schema allows it. */
interface RawDependent {
  repo: string;
  branch?: string;
  paths?: string[];
  mode?: Mode;
  publishes?: string[];
  forge?: Partial<ForgeSettings>;
}

type SchemaCheck = ValidateFunction<{ dependents: RawDependent[] }>;
let compiled: SchemaCheck | undefined;

/** The compiled schema; compiled on first use, which is what takes time. */
function schemaCheck(): SchemaCheck {
  compiled ??= new Ajv({ allErrors: true, verbose: true }).compile<{ dependents: RawDependent[] }>(dependentsSchema);
  return compiled;
}

/** Checks parsed file data; relative local repository paths are resolved against `baseDirectory`. */
export function validateDependents(
  data: unknown,
  baseDirectory: string,
): { dependents: Dependent[] } | { problems: string[] } {
  const check = schemaCheck();
  if (!check(data)) return { problems: (check.errors ?? []).map(describeError) };
  const problems: string[] = [];
  const dependents = data.dependents.map((raw, index) => {
    const at = `dependents[${index}]`;
    const forge = completeForge(raw.repo, raw.forge);
    if ('problem' in forge) problems.push(`${at}.${forge.problem}`);
    else if (forge.forge !== undefined && sendsTokenInClear(forge.forge.api)) {
      const why = 'the API token would cross the network in clear';
      problems.push(`${at}.forge.api: must be an https URL (${why}); http is for a loopback host only`);
    }
    const dependent: Dependent = {
      repo: resolveLocalPath(raw.repo, baseDirectory),
      paths: raw.paths ?? ['.'],
      mode: raw.mode ?? 'pull-request',
      publishes: (raw.publishes ?? []).map((image, item) =>
        publishedImage(image, `${at}.publishes[${item}]`, problems),
      ),
      ...(raw.branch === undefined ? {} : { branch: raw.branch }),
      ...('forge' in forge && forge.forge !== undefined ? { forge: forge.forge } : {}),
    };
    return dependent;
  });
  return problems.length > 0 ? { problems } : { dependents };
}

/** `name:tag` of a published image (the tag defaults to `latest`); a digest makes no sense there. */
function publishedImage(image: string, at: string, problems: string[]): string {
  try {
    const ref = parseNormalized(image);
    if (ref.digest !== null) problems.push(`${at}: a published image is a name and tag, without a digest`);
    return lookupKey(ref);
  } catch (error) {
    if (!(error instanceof InvalidReferenceError)) throw error;
    problems.push(`${at}: ${error.message}`);
    return image;
  }
}

/** True for a plain-HTTP API on another machine. */
function sendsTokenInClear(api: string): boolean {
  const url = new URL(api);
  return url.protocol !== 'https:' && !isLoopback(url.host);
}

/** A relative path (not a URL, not `host:path`) is a local repository next to the dependents file. */
function resolveLocalPath(repo: string, baseDirectory: string): string {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(repo);
  const isScpLike = /^[^/]*:/.test(repo);
  return isUrl || isScpLike || path.isAbsolute(repo) ? repo : path.resolve(baseDirectory, repo);
}

const TYPE_NAMES: Record<string, string> = { object: 'a mapping of keys', array: 'a list', string: 'a string' };

/** An ajv error as `place: problem`. */
function describeError(error: ErrorObject): string {
  const at = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  const place = (child?: string) => [at, child].filter(Boolean).join('.') || '(top level)';
  switch (error.keyword) {
    case 'required':
      return `${place(error.params.missingProperty as string)}: required`;
    case 'additionalProperties':
      return `${place(error.params.additionalProperty as string)}: unknown key`;
    case 'enum':
      return `${place()}: must be one of ${(error.params.allowedValues as string[]).join(', ')}`;
    case 'pattern':
      return `${place()}: ${(error.parentSchema as { description?: string } | undefined)?.description ?? error.message}`;
    case 'type':
      return `${place()}: must be ${TYPE_NAMES[error.params.type as string] ?? `a ${String(error.params.type)}`}`;
    case 'minLength':
    case 'minItems':
      return `${place()}: must not be empty`;
    default:
      return `${place()}: ${error.message ?? 'invalid'}`;
  }
}
