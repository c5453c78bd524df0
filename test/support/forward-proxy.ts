/**
 * A small HTTP proxy on 127.0.0.1, like a corporate one: `CONNECT host:port` opens a tunnel (HTTPS), an
 * absolute-URI request (`GET http://host:port/path`) is forwarded (plain HTTP). It resolves names through
 * `hosts` (e.g. `registry.test:5000` -> `127.0.0.1:5000`), names the client itself cannot resolve, so a
 * request that reaches such a name went through the proxy. Every request is recorded.
 */

import { createServer, request as forwardRequest } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface ProxyRecord {
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
}

export interface ForwardProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  readonly requests: ProxyRecord[];
  stop(): Promise<void>;
}

export async function startForwardProxy(hosts: Record<string, string>): Promise<ForwardProxy> {
  const requests: ProxyRecord[] = [];
  const sockets = new Set<Socket>();
  const resolve = (hostPort: string) => new URL(`tcp://${hosts[hostPort] ?? hostPort}`);

  const server = createServer((incoming, outgoing) => {
    const target = incoming.url ?? '';
    requests.push({ method: incoming.method ?? '', target });
    if (!/^http:\/\//.test(target)) {
      outgoing.writeHead(400).end('absolute URI required');
      return;
    }
    const url = new URL(target);
    const upstream = resolve(url.host);
    const forwarded = forwardRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: url.pathname + url.search,
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  server.on('connect', (incoming, client: Socket, head: Buffer) => {
    const target = incoming.url ?? '';
    requests.push({ method: 'CONNECT', target });
    const upstream = resolve(target);
    const tunnel = connect(Number(upstream.port), upstream.hostname, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      tunnel.write(head);
      tunnel.pipe(client);
      client.pipe(tunnel);
    });
    for (const socket of [client, tunnel]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        tunnel.destroy();
      });
    }
  });

  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    async stop() {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
