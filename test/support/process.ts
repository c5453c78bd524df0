/**
 * Helpers for the long-running programs the tests start (the registry, podman's service): find the binary, keep
 * the end of its output for error messages, wait until it answers, and stop it.
 */

import type { ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Whether an executable named `binary` is on `PATH`. */
export function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Keeps the last few KB of the child's stdout and stderr; the returned function reads them. */
export function collectOutput(child: ChildProcess): () => string {
  let text = '';
  const append = (chunk: Buffer): void => {
    text = (text + chunk.toString('utf8')).slice(-4096);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => text;
}

export interface Readiness {
  /** The program, as error messages name it. */
  name: string;
  /** Where it should answer, as error messages name it. */
  address: string;
  timeoutMs: number;
  /** One attempt to reach it: true once it answers. */
  answers(): Promise<boolean>;
  /** Its output so far (see `collectOutput`). */
  output(): string;
}

/** Polls `answers` until it is true; throws, with the output, when the child exits first or the time runs out. */
export async function waitUntilReady(
  child: ChildProcess,
  { name, address, timeoutMs, answers, output }: Readiness,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}:\n${output()}`);
    if (await answers()) return;
    await sleep(20);
  }
  throw new Error(`${name} did not answer on ${address} within ${timeoutMs} ms:\n${output()}`);
}

/** Sends SIGTERM and waits until the child has exited (at once if it already has). */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
