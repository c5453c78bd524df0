/** The one error type of the engine client: what went wrong, with which engine, and how to point basepin elsewhere. */

export type EngineErrorReason =
  /** No connection: nothing listens there, or permission is denied. */
  | 'unreachable'
  /** An endpoint basepin cannot use (ssh://, TLS, a Docker context that does not exist). */
  | 'unsupported'
  /** The engine answered with an error status, or with something that is not its API. */
  | 'api'
  /** A pull the engine started reported a failure in its progress stream. */
  | 'pull';

export interface EngineErrorDetails {
  reason: EngineErrorReason;
  /** The endpoint as a URL (`unix:///var/run/docker.sock`), when one was chosen. */
  endpoint?: string;
  /** Where the endpoint came from: `DOCKER_HOST`, `docker context "name"`, `default`. */
  source?: string;
  status?: number;
  cause?: unknown;
}

/** How to choose another engine, for messages about an engine that cannot be used. */
export const POINT_ELSEWHERE =
  'point basepin at your engine with DOCKER_HOST (e.g. DOCKER_HOST=unix://$XDG_RUNTIME_DIR/podman/podman.sock, ' +
  'or tcp://HOST:2375) or select a Docker context (docker context use NAME)';

/** A failure talking to the container engine (Docker, or podman's Docker-compatible service). */
export class EngineError extends Error {
  readonly reason: EngineErrorReason;
  readonly endpoint?: string;
  readonly source?: string;
  readonly status?: number;

  constructor(message: string, details: EngineErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'EngineError';
    this.reason = details.reason;
    this.endpoint = details.endpoint;
    this.source = details.source;
    this.status = details.status;
  }
}
