/**
 * The HTTP side of `basepin serve`: webhook routes (`POST /hooks/registry|dockerhub|harbor`), `GET /healthz` and
 * `GET /metrics`. A webhook is read up to a size limit, authenticated, parsed, and answered `202` as soon as its hints
 * are handed on: the work happens later, off the request.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { authenticated, SIGNATURE_HEADER } from './auth.js';
import { PayloadError, type ParsedHook } from './hint.js';
import type { Logger } from './log.js';
import { type HookSource, hookSourceAt, type Source } from './hook-sources.js';
import type { Metrics } from './metrics.js';

export interface HookServerOptions {
  /** The shared secret; undefined only with `--insecure-no-auth`. */
  secret: string | undefined;
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  metrics: Metrics;
  log: Logger;
  /** Receives the hints of every accepted webhook. */
  onHook: (source: Source, hook: ParsedHook) => void;
}

export function createHookServer(options: HookServerOptions): Server {
  const server = createServer((request, response) => {
    route(request, response, options).catch((error: unknown) => {
      options.log('error', 'request failed', { path: pathOf(request), error: (error as Error).message });
      if (!response.headersSent) reply(response, 500, { error: 'internal error' });
    });
  });
  server.requestTimeout = options.requestTimeoutMs;
  server.headersTimeout = Math.min(options.requestTimeoutMs, 10_000);
  return server;
}

async function route(request: IncomingMessage, response: ServerResponse, options: HookServerOptions): Promise<void> {
  const path = pathOf(request);
  const sender = hookSourceAt(path);
  if (sender !== undefined)
    return request.method === 'POST' ? receive(sender, request, response, options) : notAllowed(response, 'POST');
  if (path === '/healthz' || path === '/metrics') {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notAllowed(response, 'GET, HEAD');
    if (path === '/healthz') return reply(response, 200, { status: 'ok' });
    response
      .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
      .end(options.metrics.render());
    return;
  }
  reply(response, 404, { error: 'not found' });
}

async function receive(
  sender: HookSource<Source>,
  request: IncomingMessage,
  response: ServerResponse,
  options: HookServerOptions,
): Promise<void> {
  const { metrics, log } = options;
  const { source } = sender;
  const reject = (status: number, reason: string, error: string) => {
    metrics.add(metrics.requestsRejected, reason);
    log('warn', 'webhook rejected', { source, status, reason });
    reply(response, status, { error });
  };
  const body = await readBody(request, options.bodyLimitBytes);
  if (body === undefined) {
    response.setHeader('connection', 'close');
    return reject(413, 'too-large', `the body is larger than ${options.bodyLimitBytes} bytes`);
  }
  if (options.secret !== undefined) {
    const signature = request.headers[SIGNATURE_HEADER];
    const presented = {
      authorization: request.headers.authorization,
      queryToken: sender.queryToken
        ? (new URL(request.url ?? '/', 'http://x').searchParams.get('token') ?? undefined)
        : undefined,
      signature: typeof signature === 'string' ? signature : undefined,
      body,
    };
    if (!authenticated(options.secret, presented)) {
      response.setHeader('www-authenticate', 'Bearer realm="basepin"');
      return reject(401, 'unauthorized', 'unauthorized');
    }
  }
  let hook: ParsedHook;
  try {
    hook = sender.parse(JSON.parse(body.toString('utf8')));
  } catch (error) {
    if (!(error instanceof SyntaxError) && !(error instanceof PayloadError)) throw error;
    return reject(400, 'malformed', error instanceof SyntaxError ? 'the body is not JSON' : error.message);
  }
  metrics.add(metrics.eventsReceived, source, hook.hints.length + hook.ignored);
  metrics.add(metrics.eventsIgnored, source, hook.ignored);
  log('info', 'webhook accepted', { source, hints: hook.hints.length, ignored: hook.ignored });
  options.onHook(source, hook);
  reply(response, 202, { accepted: hook.hints.length, ignored: hook.ignored });
}

/**
 * The whole body, or undefined as soon as it passes `limit` bytes (the rest is ignored, and the connection is closed
 * after the answer).
 */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = Number(request.headers['content-length'] ?? 0);
    if (size > limit) return resolve(undefined);
    size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) resolve(undefined);
      else chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

function reply(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}

function notAllowed(response: ServerResponse, allow: string): void {
  response.setHeader('allow', allow);
  reply(response, 405, { error: 'method not allowed' });
}

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://x').pathname;
}
