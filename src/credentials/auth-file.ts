/**
 * Parsing of docker's `config.json` and the containers `auth.json` (one format): `auths` entries (`auth` as
 * base64 `user:password`, or `username`/`password`, and `identitytoken`), `credHelpers` per host and a default
 * `credsStore`. Pure: text in, data out. Error messages never quote the text, which holds secrets.
 */

import { canonicalHost, hostOfKey } from './hosts.js';
import type { Credentials } from './types.js';
import { isObject } from '../is-object.js';

export interface AuthFile {
  /** Entries by key as written, in file order. */
  auths: Array<{ key: string; entry: AuthEntry }>;
  /** Helper names (`ecr-login` for `docker-credential-ecr-login`) by key as written. */
  credHelpers: Array<{ key: string; helper: string }>;
  credsStore?: string;
}

export interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

/** How a file answers for a host: stored credentials, a helper to ask, or nothing. */
export type AuthFileAnswer =
  | { kind: 'credentials'; credentials: Credentials; key: string }
  | { kind: 'helper'; helper: string }
  | undefined;

/** Parses auth-file text; throws an Error naming the problem (never the values) when it is not such a file. */
export function parseAuthFile(text: string): AuthFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
  if (!isObject(data)) throw new Error('not a JSON object');
  const auths = isObject(data.auths) ? data.auths : {};
  const helpers = isObject(data.credHelpers) ? data.credHelpers : {};
  return {
    auths: Object.entries(auths).flatMap(([key, entry]) =>
      isObject(entry) ? [{ key, entry: stringFields(entry) }] : [],
    ),
    credHelpers: Object.entries(helpers).flatMap(([key, helper]) =>
      typeof helper === 'string' && helper !== '' ? [{ key, helper }] : [],
    ),
    ...(typeof data.credsStore === 'string' && data.credsStore !== '' ? { credsStore: data.credsStore } : {}),
  };
}

/**
 * What `file` says for `host`, as the docker CLI reads it: a `credHelpers` entry for the host wins, then
 * `credsStore`, then the host's `auths` entry (the key `serverUrl` exactly, else the first key naming the host).
 */
export function answerFor(file: AuthFile, host: string, serverUrl: string): AuthFileAnswer {
  const wanted = canonicalHost(host);
  const helper = file.credHelpers.find(({ key }) => hostOfKey(key) === wanted)?.helper ?? file.credsStore;
  if (helper !== undefined) return { kind: 'helper', helper };
  const found =
    file.auths.find(({ key }) => key === serverUrl) ?? file.auths.find(({ key }) => hostOfKey(key) === wanted);
  if (found === undefined) return undefined;
  const credentials = entryCredentials(found.entry, found.key);
  return credentials === undefined ? undefined : { kind: 'credentials', credentials, key: found.key };
}

/** An entry's credentials: `identitytoken` first, then `auth`, then `username`/`password`; undefined when empty. */
export function entryCredentials(entry: AuthEntry, key: string): Credentials | undefined {
  let { username = '', password = '' } = entry;
  if (entry.auth !== undefined && entry.auth !== '') [username, password] = decodeAuth(entry.auth, key);
  if (entry.identitytoken !== undefined && entry.identitytoken !== '') {
    return { kind: 'identity-token', username, identityToken: entry.identitytoken };
  }
  return username === '' && password === '' ? undefined : { kind: 'password', username, password };
}

function decodeAuth(auth: string, key: string): [string, string] {
  const decoded = Buffer.from(auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (!/^[A-Za-z0-9+/]+=*$/.test(auth.trim()) || colon < 0)
    throw new Error(`auths.${key}.auth is not base64 of user:password`);
  return [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

function stringFields(entry: Record<string, unknown>): AuthEntry {
  const fields: AuthEntry = {};
  for (const name of ['auth', 'username', 'password', 'identitytoken'] as const) {
    if (typeof entry[name] === 'string') fields[name] = entry[name];
  }
  return fields;
}
