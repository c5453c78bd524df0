/**
 * One HTTP exchange with the engine over its unix socket or plain TCP (Node's `fetch` cannot use a unix socket,
 * `http.request` with `socketPath` can). Statuses are returned, not judged; failures to connect become `EngineError`s.
 */

import { request as httpRequest, type ClientRequest } from 'node:http';
import type { EngineEndpoint } from './endpoint.js';
import { EngineError, POINT_ELSEWHERE } from './errors.js';

export interface EngineRequest {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/images/nginx:1.25/json`. */
  path: string;
  headers?: Record<string, string>;
  /** Longest silence allowed, from connecting to the last byte. */
  idleTimeoutMs: number;
  /**
   * Receives the body of a successful (2xx) answer as it arrives, instead of the response keeping it: the progress
   * stream of a pull. The body of any other answer, the engine's error message, is kept.
   */
  onData?: (chunk: Buffer) => void;
}

export interface EngineResponse {
  status: number;
  /** The whole body; empty when the request's `onData` received it instead. */
  body: Buffer;
}

export function engineRequest(endpoint: EngineEndpoint, request: EngineRequest): Promise<EngineResponse> {
  const target =
    endpoint.kind === 'unix' ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port };
  return new Promise((resolve, reject) => {
    const outgoing: ClientRequest = httpRequest(
      { ...target, method: request.method, path: request.path, headers: request.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        const keep = (chunk: Buffer) => chunks.push(chunk);
        response.on('data', isSuccess(response.statusCode) ? (request.onData ?? keep) : keep);
        response.once('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
        response.once('error', (error) => reject(broken(endpoint, error)));
      },
    );
    outgoing.setTimeout(request.idleTimeoutMs, () => {
      outgoing.destroy(
        new EngineError(
          `the engine at ${endpoint.url} did not answer within ${request.idleTimeoutMs} ms`,
          details(endpoint),
        ),
      );
    });
    outgoing.once('error', (error) => reject(error instanceof EngineError ? error : unreachable(endpoint, error)));
    outgoing.end();
  });
}

function isSuccess(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

/** No connection could be made: say why, and how to choose another engine. */
function unreachable(endpoint: EngineEndpoint, error: NodeJS.ErrnoException): EngineError {
  const why =
    error.code === 'ENOENT'
      ? 'no such socket'
      : error.code === 'EACCES'
        ? 'permission denied (is your user allowed to use this socket, e.g. in the docker group?)'
        : error.code === 'ECONNREFUSED'
          ? 'connection refused (is the engine running?)'
          : error.message;
  const from = endpoint.source === 'default' ? 'the default' : `from ${endpoint.source}`;
  return new EngineError(`cannot reach the container engine at ${endpoint.url} (${from}): ${why}; ${POINT_ELSEWHERE}`, {
    ...details(endpoint),
    cause: error,
  });
}

/** The connection broke while the answer was arriving. */
function broken(endpoint: EngineEndpoint, error: Error): EngineError {
  return new EngineError(`the connection to the engine at ${endpoint.url} broke: ${error.message}`, {
    ...details(endpoint),
    cause: error,
  });
}

function details(endpoint: EngineEndpoint) {
  return { reason: 'unreachable' as const, endpoint: endpoint.url, source: endpoint.source };
}
