/**
 * A fault-injecting HTTP proxy on 127.0.0.1 in front of a real registry: every request is forwarded, the whole
 * answer is read, and the first rule that matches the request may rewrite its status, headers and body before it
 * is sent back (a `Docker-Content-Digest` that lies, an HTML page with 200, a body that is not JSON...). A HEAD is
 * forwarded as a GET so that rules see the body a GET would get; its answer is sent without the body, with the
 * `Content-Length` of the (rewritten) body, as a registry would. It records each request's method and path.
 */

import { createServer, request as forwardRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';

export interface FaultAnswer {
  status: number;
  /** Header names in lower case. */
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

export interface FaultRequest {
  /** The method the client sent (`HEAD`, `GET`). */
  method: string;
  path: string;
}

export interface FaultRule {
  /** Which requests the rule applies to; every request when absent. */
  match?: (request: FaultRequest) => boolean;
  /** The answer to send instead of the registry's. */
  rewrite: (answer: FaultAnswer, request: FaultRequest) => FaultAnswer;
}

export interface FaultProxy {
  /** `127.0.0.1:PORT` */
  host: string;
  readonly requests: FaultRequest[];
  stop(): Promise<void>;
}

/** Requests for a manifest (by tag or digest). */
export const manifests = ({ path }: FaultRequest): boolean => /^\/v2\/.+\/manifests\/[^/]+$/.test(path);

/** `target` is the registry's `http://127.0.0.1:PORT`; the first matching rule of `rules` rewrites an answer. */
export async function startFaultProxy(target: string, rules: FaultRule[]): Promise<FaultProxy> {
  const requests: FaultRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const request = { method: incoming.method ?? '', path: incoming.url ?? '' };
    requests.push(request);
    fetchWhole(target, incoming).then(
      (answer) => {
        const rule = rules.find(({ match }) => match === undefined || match(request));
        const sent = rule === undefined ? answer : rule.rewrite(answer, request);
        const headers = { ...sent.headers, 'content-length': String(sent.body.length) };
        delete headers['transfer-encoding'];
        outgoing.writeHead(sent.status, headers);
        outgoing.end(request.method === 'HEAD' ? undefined : sent.body);
      },
      () => outgoing.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('fault proxy has no address');
  return {
    host: `127.0.0.1:${address.port}`,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The registry's whole answer to `incoming` (a HEAD asked as a GET). */
function fetchWhole(target: string, incoming: IncomingMessage): Promise<FaultAnswer> {
  return new Promise((resolve, reject) => {
    const method = incoming.method === 'HEAD' ? 'GET' : incoming.method;
    const headers = { ...incoming.headers, host: new URL(target).host };
    const upstream = forwardRequest(new URL(incoming.url ?? '/', target), { method, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('error', reject);
      answer.on('end', () =>
        resolve({ status: answer.statusCode ?? 502, headers: { ...answer.headers }, body: Buffer.concat(chunks) }),
      );
    });
    upstream.on('error', reject);
    incoming.pipe(upstream);
  });
}
