/**
 * A userland TCP proxy on 127.0.0.1 that counts connections and can add latency: each chunk is held
 * `latencyMs` in each direction, and a new connection waits one round trip (2 x `latencyMs`) before its
 * first byte moves, like a TCP handshake over that link. `resetFirst` resets the first N connections
 * on arrival, to exercise retries.
 */

import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxyOptions {
  /** `host:port` to forward to. */
  target: string;
  latencyMs?: number;
  resetFirst?: number;
}

export interface TcpProxy {
  /** `127.0.0.1:PORT` */
  host: string;
  /** Connections accepted so far (reset ones included). */
  readonly connections: number;
  stop(): Promise<void>;
}

export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const target = new URL(`tcp://${options.target}`);
  const latency = options.latencyMs ?? 0;
  const sockets = new Set<Socket>();
  let connections = 0;

  const server = createServer((client) => {
    connections += 1;
    if (connections <= (options.resetFirst ?? 0)) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname.replace(/^\[|\]$/g, ''));
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pause();
    setTimeout(() => {
      forward(client, upstream, latency);
      forward(upstream, client, latency);
    }, 2 * latency).unref();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no address');

  return {
    host: `127.0.0.1:${address.port}`,
    get connections() {
      return connections;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Copies `from` to `to`, each chunk (and the end) `latencyMs` later; equal delays keep the order. */
function forward(from: Socket, to: Socket, latencyMs: number): void {
  const later = (action: () => void): void => {
    if (latencyMs === 0) action();
    else setTimeout(action, latencyMs).unref();
  };
  from.on('data', (chunk) => later(() => to.write(chunk)));
  from.on('end', () => later(() => to.end()));
  from.resume();
}
