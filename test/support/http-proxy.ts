/**
 * An HTTP proxy on 127.0.0.1 in front of a real registry that imitates other registries' ways: it can
 * drop response headers (a registry that omits `Docker-Content-Digest`), refuse HEAD with 405, or answer
 * the first requests with an error status (503 with `Retry-After`, 429). Everything else is forwarded
 * as is. It records each request's method, path and user agent.
 */

import { createServer, request as forwardRequest, type IncomingMessage, type ServerResponse } from 'node:http';

export interface HttpProxyOptions {
  /** `http://127.0.0.1:PORT` of the registry. */
  target: string;
  /** Response header names (lower case) to remove. */
  dropHeaders?: string[];
  refuseHead?: boolean;
  /** Answer the first `count` requests with `status` and `headers` instead of forwarding them. */
  failFirst?: { count: number; status: number; headers?: Record<string, string> };
}

export interface RecordedRequest {
  method: string;
  path: string;
  userAgent: string | undefined;
}

export interface HttpProxy {
  /** `127.0.0.1:PORT` */
  host: string;
  readonly requests: RecordedRequest[];
  stop(): Promise<void>;
}

export async function startHttpProxy(options: HttpProxyOptions): Promise<HttpProxy> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    requests.push({ method: incoming.method ?? '', path: incoming.url ?? '', userAgent: incoming.headers['user-agent'] });
    const failure = options.failFirst;
    if (failure !== undefined && requests.length <= failure.count) {
      outgoing.writeHead(failure.status, failure.headers).end();
    } else if (options.refuseHead === true && incoming.method === 'HEAD') {
      outgoing.writeHead(405).end();
    } else {
      forward(incoming, outgoing, options);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no address');
  return {
    host: `127.0.0.1:${address.port}`,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function forward(incoming: IncomingMessage, outgoing: ServerResponse, options: HttpProxyOptions): void {
  const upstream = forwardRequest(
    new URL(incoming.url ?? '/', options.target),
    { method: incoming.method, headers: { ...incoming.headers, host: new URL(options.target).host } },
    (answer) => {
      const headers = { ...answer.headers };
      for (const name of options.dropHeaders ?? []) delete headers[name];
      outgoing.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(outgoing);
    },
  );
  upstream.on('error', () => outgoing.destroy());
  incoming.pipe(upstream);
}
