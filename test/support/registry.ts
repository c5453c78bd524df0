/**
 * A real CNCF distribution registry (`docker-registry` 2.8.2 from Debian) for tests: a free loopback port,
 * a temporary storage directory (or another registry's, to serve the same images differently), optional
 * Basic (htpasswd) or Bearer (token) auth and TLS, with or without client certificates. `stop()` ends the
 * process and removes its temporary directory.
 */

import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { collectOutput, onPath, stopProcess, waitUntilReady } from './process.js';

export interface RegistryOptions {
  /** Require Basic auth with this user (stored as a bcrypt htpasswd entry). */
  htpasswd?: { user: string; password: string };
  /** Require Bearer tokens from a token server (see token-server.ts). */
  tokenAuth?: { realm: string; service: string; issuer: string; rootCertBundle: string };
  /** Serve HTTPS with this certificate and key (PEM file paths); with `clientCa`, require client certificates it signed. */
  tls?: { certificate: string; key: string; clientCa?: string };
  /** Serve the images stored by this registry (its `storage`) instead of an empty store of its own. */
  sameStorageAs?: RunningRegistry;
  /** Send every event (pushes, pulls, blob uploads) as notifications to this webhook URL, with these headers. */
  notifications?: { url: string; headers?: Record<string, string> };
}

export interface RunningRegistry {
  /** `127.0.0.1:PORT`, as image references spell it. */
  host: string;
  /** `http://127.0.0.1:PORT` (or https with `tls`). */
  url: string;
  /** The directory holding its images. */
  storage: string;
  stop(): Promise<void>;
}

const BINARY = 'docker-registry';
const READY_TIMEOUT_MS = 10_000;

export async function startRegistry(options: RegistryOptions = {}): Promise<RunningRegistry> {
  if (!onPath(BINARY)) {
    throw new Error(`${BINARY} is not installed; the registry tests need it: apt-get install docker-registry`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'basepin-registry-'));
  try {
    const port = await freePort();
    const configPath = join(dir, 'config.yml');
    await writeFile(configPath, JSON.stringify(await registryConfig(dir, port, options), null, 2));
    const child = spawn(BINARY, ['serve', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collectOutput(child);
    const host = `127.0.0.1:${port}`;
    const url = `${options.tls === undefined ? 'http' : 'https'}://${host}`;
    const stop = async (): Promise<void> => {
      await stopProcess(child);
      await rm(dir, { recursive: true, force: true });
    };
    try {
      await waitUntilReady(child, {
        name: BINARY,
        address: url,
        timeoutMs: READY_TIMEOUT_MS,
        answers: () => answers(`${url}/v2/`),
        output,
      });
    } catch (error) {
      await stop();
      throw error;
    }
    return { host, url, storage: storageOf(dir, options), stop };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The registry's configuration (JSON is valid YAML). */
async function registryConfig(dir: string, port: number, options: RegistryOptions): Promise<object> {
  const http: Record<string, unknown> = { addr: `127.0.0.1:${port}`, secret: 'basepin-test-secret' };
  if (options.tls !== undefined) {
    const { certificate, key, clientCa } = options.tls;
    http.tls = { certificate, key, ...(clientCa === undefined ? {} : { clientcas: [clientCa] }) };
  }
  return {
    version: 0.1,
    log: { level: 'error', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: storageOf(dir, options) }, delete: { enabled: true } },
    http,
    ...(await authConfig(dir, options)),
    ...(options.notifications === undefined ? {} : { notifications: notificationsConfig(options.notifications) }),
  };
}

/** One endpoint, retried quickly when it fails (the registry queues events in memory). */
function notificationsConfig({ url, headers = {} }: NonNullable<RegistryOptions['notifications']>): object {
  const listed = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
  const endpoint = { name: 'test', url, headers: listed, timeout: '2s', threshold: 3, backoff: '200ms' };
  return { events: { includereferences: true }, endpoints: [endpoint] };
}

function storageOf(dir: string, options: RegistryOptions): string {
  return options.sameStorageAs?.storage ?? join(dir, 'data');
}

async function authConfig(dir: string, options: RegistryOptions): Promise<object> {
  if (options.htpasswd !== undefined) {
    const path = join(dir, 'htpasswd');
    await writeFile(path, htpasswdLine(options.htpasswd.user, options.htpasswd.password));
    return { auth: { htpasswd: { realm: 'basepin-test', path } } };
  }
  if (options.tokenAuth !== undefined) {
    const { realm, service, issuer, rootCertBundle } = options.tokenAuth;
    return { auth: { token: { realm, service, issuer, rootcertbundle: rootCertBundle } } };
  }
  return {};
}

/** A bcrypt entry from `htpasswd -Bbn` (the registry accepts no other hash). */
function htpasswdLine(user: string, password: string): string {
  const result = spawnSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`htpasswd failed (apt-get install apache2-utils): ${result.error?.message ?? result.stderr}`);
  }
  return result.stdout;
}

/** Whether `GET url` gets any HTTP answer (200, or 401 with auth), or a TLS alert (client certificates required). */
function answers(url: string): Promise<boolean> {
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve) => {
    const request = get(url, { agent: false, rejectUnauthorized: false }, (response) => {
      response.resume();
      resolve(true);
    });
    request.once('error', (error: NodeJS.ErrnoException) => resolve(error.code?.startsWith('ERR_SSL_') === true));
  });
}
