/**
 * An HTTP proxy on 127.0.0.1 in front of a real registry that imitates other registries' ways: it can
 * drop or add response headers (a registry that omits `Docker-Content-Digest`, Docker Hub's rate-limit
 * headers), refuse HEAD with 405, answer the first requests with an error status (503 with `Retry-After`,
 * 429), send blob downloads to "storage" on another origin, or alter blob bytes. Everything else is
 * forwarded as is. It records each request's method, path, host, user agent and whether it carried
 * `Authorization`.
 */

import { createServer, request as forwardRequest, type IncomingMessage, type ServerResponse } from 'node:http';

export interface HttpProxyOptions {
  /** `http://127.0.0.1:PORT` of the registry. */
  target: string;
  /** Response header names (lower case) to remove. */
  dropHeaders?: string[];
  /** Response headers to add to every forwarded answer. */
  addHeaders?: Record<string, string>;
  refuseHead?: boolean;
  /** Answer the first `count` requests with `status` and `headers` instead of forwarding them. */
  failFirst?: { count: number; status: number; headers?: Record<string, string> };
  /**
   * Answer blob GETs with `307` to `http://localhost:PORT/storage/...` (another origin than `127.0.0.1:PORT`),
   * where the proxy serves the blob from the registry itself, sending `authorization` (its own credentials).
   */
  redirectBlobs?: { authorization?: string };
  /** Flip the last byte of every blob body. */
  tamperBlobs?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The `Host` header: `127.0.0.1:PORT`, or `localhost:PORT` for the storage origin. */
  host: string | undefined;
  userAgent: string | undefined;
  authorization: boolean;
}

export interface HttpProxy {
  /** `127.0.0.1:PORT` */
  host: string;
  readonly requests: RecordedRequest[];
  stop(): Promise<void>;
}

const BLOB_PATH = /^\/v2\/.+\/blobs\/sha256:[0-9a-f]{64}$/;

export async function startHttpProxy(options: HttpProxyOptions): Promise<HttpProxy> {
  const requests: RecordedRequest[] = [];
  let port = 0;
  const server = createServer((incoming, outgoing) => {
    const { method = '', url = '' } = incoming;
    requests.push({
      method,
      path: url,
      host: incoming.headers.host,
      userAgent: incoming.headers['user-agent'],
      authorization: incoming.headers.authorization !== undefined,
    });
    const failure = options.failFirst;
    if (failure !== undefined && requests.length <= failure.count) {
      outgoing.writeHead(failure.status, failure.headers).end();
    } else if (options.refuseHead === true && method === 'HEAD') {
      outgoing.writeHead(405).end();
    } else if (options.redirectBlobs !== undefined && method === 'GET' && BLOB_PATH.test(url)) {
      outgoing.writeHead(307, { location: `http://localhost:${port}/storage${url}` }).end();
    } else if (options.redirectBlobs !== undefined && url.startsWith('/storage/')) {
      const { authorization } = options.redirectBlobs;
      const headers = { ...incoming.headers, ...(authorization === undefined ? {} : { authorization }) };
      forward(incoming, outgoing, url.slice('/storage'.length), headers, options);
    } else {
      forward(incoming, outgoing, url, incoming.headers, options);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no address');
  port = address.port;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function forward(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  path: string,
  headers: IncomingMessage['headers'],
  options: HttpProxyOptions,
): void {
  const upstream = forwardRequest(
    new URL(path, options.target),
    { method: incoming.method, headers: { ...headers, host: new URL(options.target).host } },
    (answer) => {
      const answerHeaders = { ...answer.headers, ...options.addHeaders };
      for (const name of options.dropHeaders ?? []) delete answerHeaders[name];
      outgoing.writeHead(answer.statusCode ?? 502, answerHeaders);
      if (options.tamperBlobs === true && BLOB_PATH.test(path)) tampered(answer, outgoing);
      else answer.pipe(outgoing);
    },
  );
  upstream.on('error', () => outgoing.destroy());
  incoming.pipe(upstream);
}

/** Copies the body with its last byte flipped. */
function tampered(answer: IncomingMessage, outgoing: ServerResponse): void {
  const chunks: Buffer[] = [];
  answer.on('data', (chunk: Buffer) => chunks.push(chunk));
  answer.on('end', () => {
    const body = Buffer.concat(chunks);
    if (body.length > 0) body[body.length - 1] ^= 0xff;
    outgoing.end(body);
  });
}
