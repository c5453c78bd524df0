/**
 * A real Docker-compatible engine for tests: podman's API service (`podman system service`) on a unix socket, with
 * all its state private to a temporary directory (vfs storage, run and tmp directories, network config), the test
 * registries marked insecure (plain HTTP). `stop()` ends the process and removes the directory.
 */

import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { collectOutput, onPath, stopProcess, waitUntilReady } from './process.js';

export interface RunningPodman {
  /** `unix:///tmp/.../podman.sock`, as `DOCKER_HOST` spells it. */
  url: string;
  socketPath: string;
  /** Runs the podman client against this service (`podman --remote --url ... ARGS`); returns stdout. */
  client(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;

/**
 * Why the engine tests cannot run here, or undefined when they can. Only a machine where podman is missing and cannot
 * be installed (not root) skips; as root, `scripts/test-deps.sh` installs it, so a missing podman is a failure there.
 */
export function podmanSkipReason(): string | undefined {
  if (onPath('podman')) return undefined;
  if (process.getuid?.() === 0) return undefined;
  return 'podman is not installed, and the tests are not running as root to install it: sudo apt-get install podman';
}

/** Starts podman's service for registries at `insecureRegistries` (`127.0.0.1:PORT`). */
export async function startPodman(insecureRegistries: readonly string[]): Promise<RunningPodman> {
  if (!onPath('podman'))
    throw new Error(
      'podman is not installed (scripts/test-deps.sh installs it when run as root): apt-get install podman',
    );
  const dir = await mkdtemp(join(tmpdir(), 'basepin-podman-'));
  const socketPath = join(dir, 'podman.sock');
  const url = `unix://${socketPath}`;
  const env = { ...process.env, ...(await writeConfiguration(dir, insecureRegistries)) };
  const child = spawn('podman', ['system', 'service', '--time=0', url], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collectOutput(child);
  const stop = async (): Promise<void> => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const name = 'podman system service';
    await waitUntilReady(child, {
      name,
      address: socketPath,
      timeoutMs: READY_TIMEOUT_MS,
      answers: () => pings(socketPath),
      output,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const client = async (...args: string[]) =>
    (await promisify(execFile)('podman', ['--remote', '--url', url, ...args], { env })).stdout;
  return { url, socketPath, client, stop };
}

/** The containers configuration files, all pointing inside `dir`; returns the variables that select them. */
async function writeConfiguration(dir: string, insecureRegistries: readonly string[]): Promise<Record<string, string>> {
  const storage = join(dir, 'storage.conf');
  const registries = join(dir, 'registries.conf');
  const containers = join(dir, 'containers.conf');
  await writeFile(storage, `[storage]\ndriver = "vfs"\nrunroot = "${dir}/run"\ngraphroot = "${dir}/storage"\n`);
  await writeFile(
    registries,
    [
      'unqualified-search-registries = []',
      ...insecureRegistries.map((host) => `[[registry]]\nlocation = "${host}"\ninsecure = true`),
    ].join('\n\n'),
  );
  await writeFile(
    containers,
    `[engine]\nevents_logger = "file"\nevents_logfile_path = "${dir}/events.log"\ntmp_dir = "${dir}/tmp"\n` +
      `[network]\nnetwork_config_dir = "${dir}/networks"\n`,
  );
  return { CONTAINERS_STORAGE_CONF: storage, CONTAINERS_REGISTRIES_CONF: registries, CONTAINERS_CONF: containers };
}

/** Whether `GET /_ping` on the socket answers 200. */
function pings(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ping = request({ socketPath, path: '/_ping', agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    ping.once('error', () => resolve(false));
    ping.end();
  });
}
