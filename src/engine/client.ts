/**
 * `EngineClient`: the few Docker Engine API calls basepin needs (version, image inspect, pull), spoken to Docker or to
 * podman's Docker-compatible service. Paths carry no API version, so the engine answers in its own current version.
 */

import { defaults } from '../defaults.js';
import type { EngineEndpoint } from './endpoint.js';
import { EngineError } from './errors.js';
import { engineRequest, type EngineRequest, type EngineResponse } from './http.js';
import { PullStream, type PullProgress } from './pull-stream.js';
import { registryAuthHeader, type RegistryAuth } from './registry-auth.js';

export interface EngineClientOptions {
  /** Longest wait for an answer to a question (version, inspect). */
  timeoutMs?: number;
  /** Longest silence allowed during a pull (an engine may say nothing while a large layer downloads). */
  pullIdleTimeoutMs?: number;
}

/** What `GET /version` says about the engine. */
export interface EngineVersion {
  version: string;
  apiVersion: string;
  /** The platform the engine runs images for, e.g. `linux` and `amd64`. */
  os: string;
  architecture: string;
}

/** What `GET /images/{name}/json` says about the image the engine holds under a name. */
export interface LocalImage {
  /** `repository@digest` for every registry manifest this image was pulled as (or pushed as). */
  repoDigests: string[];
}

export interface PullOptions {
  /** The registry's credentials, sent to the engine as `X-Registry-Auth`. */
  auth?: RegistryAuth;
  onProgress?: (event: PullProgress) => void;
}

export class EngineClient {
  private readonly timeoutMs: number;
  private readonly pullIdleTimeoutMs: number;

  constructor(
    readonly endpoint: EngineEndpoint,
    options: EngineClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? defaults.engine.requestTimeoutMs;
    this.pullIdleTimeoutMs = options.pullIdleTimeoutMs ?? defaults.engine.pullIdleTimeoutMs;
  }

  /** The engine's version and platform; the first call to make, as it proves the engine can be reached. */
  async version(): Promise<EngineVersion> {
    const answer = await this.getJson('/version');
    const { Version, ApiVersion, Os, Arch } = (answer ?? {}) as Record<string, unknown>;
    if (typeof Os !== 'string' || typeof Arch !== 'string') {
      throw new EngineError(
        `${this.endpoint.url} does not answer like a Docker Engine API (GET /version has no Os and Arch)`,
        this.details(),
      );
    }
    return { version: String(Version ?? ''), apiVersion: String(ApiVersion ?? ''), os: Os, architecture: Arch };
  }

  /** The image the engine holds under `name` (`nginx:1.25`, `registry:5000/team/app:2`); undefined when it has none. */
  async inspectImage(name: string): Promise<LocalImage | undefined> {
    const response = await this.send({ method: 'GET', path: `/images/${name}/json`, idleTimeoutMs: this.timeoutMs });
    if (response.status === 404) return undefined;
    const image = this.json(response, `GET /images/${name}/json`) as Record<string, unknown>;
    return { repoDigests: strings(image.RepoDigests) };
  }

  /**
   * Pulls `repository:tag` for the engine's platform (`POST /images/create`), passing each progress event to `options.onProgress`. The engine
   * reports failures inside its progress stream, after a 200: those throw `EngineError` (`pull`) too.
   */
  async pull(repository: string, tag: string, options: PullOptions = {}): Promise<void> {
    const query = new URLSearchParams({ fromImage: repository, tag });
    const stream = new PullStream(options.onProgress);
    const response = await this.send({
      method: 'POST',
      path: `/images/create?${query}`,
      headers: options.auth === undefined ? {} : { 'x-registry-auth': registryAuthHeader(options.auth) },
      idleTimeoutMs: this.pullIdleTimeoutMs,
      onData: (chunk) => stream.write(chunk),
    });
    if (response.status !== 200) throw this.statusError(response, `the pull of ${repository}:${tag}`);
    const failure = stream.end();
    if (failure !== undefined) {
      throw new EngineError(`the engine could not pull ${repository}:${tag}: ${failure}`, {
        ...this.details(),
        reason: 'pull',
      });
    }
  }

  private async getJson(path: string): Promise<unknown> {
    return this.json(await this.send({ method: 'GET', path, idleTimeoutMs: this.timeoutMs }), `GET ${path}`);
  }

  private send(request: EngineRequest): Promise<EngineResponse> {
    return engineRequest(this.endpoint, request);
  }

  /** The body of a 2xx answer as JSON; any other status throws with the engine's own message. */
  private json(response: EngineResponse, what: string): unknown {
    if (response.status < 200 || response.status >= 300) throw this.statusError(response, what);
    try {
      return JSON.parse(response.body.toString('utf8')) as unknown;
    } catch {
      throw new EngineError(
        `the engine at ${this.endpoint.url} answered ${what} with something that is not JSON`,
        this.details(),
      );
    }
  }

  private statusError(response: EngineResponse, what: string): EngineError {
    const text = response.body.toString('utf8');
    let message: unknown;
    try {
      message = (JSON.parse(text) as { message?: unknown }).message;
    } catch {
      message = undefined;
    }
    const why = typeof message === 'string' ? message : text.slice(0, 200) || 'no details';
    return new EngineError(`the engine at ${this.endpoint.url} answered ${what} with ${response.status}: ${why}`, {
      ...this.details(),
      status: response.status,
    });
  }

  private details() {
    return { reason: 'api' as const, endpoint: this.endpoint.url, source: this.endpoint.source };
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
