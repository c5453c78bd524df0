/**
 * A real docker credential helper for tests: an executable `docker-credential-NAME` shell script in a
 * directory to put on PATH. It implements `get` of the helper protocol from a fixed table (server URL ->
 * user name and secret), answers "credentials not found in native keychain" (exit 1) for anything else,
 * and appends every server URL it is asked for to a log, so tests can count invocations.
 */

import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface CredentialHelper {
  /** The directory holding the script: prepend it to PATH. */
  dir: string;
  /** The server URLs asked for so far, in order. */
  calls(): Promise<string[]>;
}

export interface HelperOptions {
  /** server URL -> credentials (`Username: '<token>'` makes `Secret` an identity token). */
  credentials: Record<string, { Username: string; Secret: string }>;
  /** Seconds to wait before answering. */
  delaySeconds?: number;
  /** Exit with this status and message for every request instead. */
  fail?: { status: number; message: string };
}

/** Writes `docker-credential-NAME` into `dir`. */
export async function writeCredentialHelper(
  dir: string,
  name: string,
  options: HelperOptions,
): Promise<CredentialHelper> {
  const log = join(dir, `${name}.calls`);
  await writeFile(log, '');
  const cases = Object.entries(options.credentials).map(
    ([server, { Username, Secret }]) =>
      `  ${quote(server)}) printf '%s' ${quote(JSON.stringify({ ServerURL: server, Username, Secret }))} ;;`,
  );
  const script = [
    '#!/bin/sh',
    '[ "$1" = get ] || { echo "unsupported action: $1" >&2; exit 1; }',
    'server=$(cat)',
    `printf '%s\\n' "$server" >> ${quote(log)}`,
    ...(options.delaySeconds === undefined ? [] : [`sleep ${options.delaySeconds}`]),
    ...(options.fail === undefined ? [] : [`echo ${quote(options.fail.message)}; exit ${options.fail.status}`]),
    'case "$server" in',
    ...cases,
    "  *) echo 'credentials not found in native keychain'; exit 1 ;;",
    'esac',
    '',
  ].join('\n');
  const path = join(dir, `docker-credential-${name}`);
  await writeFile(path, script);
  await chmod(path, 0o755);
  return {
    dir,
    calls: async () => (await readFile(log, 'utf8')).split('\n').filter((line) => line !== ''),
  };
}

/** A single-quoted shell word. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
