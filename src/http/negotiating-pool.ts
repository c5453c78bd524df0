/**
 * The connections of one HTTPS origin, HTTP/2 when the server offers it. The first connection's TLS handshake (ALPN)
 * decides: a server that speaks HTTP/2 (the distribution registry does over TLS, as Go's servers do) gets every
 * request multiplexed on that one connection; any other gets a pool of HTTP/1.1 keep-alive connections. Requests that
 * arrive while the first connection is being made wait for it: with HTTP/2 they would have shared it anyway, and with
 * HTTP/1.1 they start at once on the pool. HTTP/1.1 stays the fallback for every server that does not choose `h2`.
 */

import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { Client, Dispatcher, Pool, buildConnector } from 'undici';

export interface NegotiatingPoolOptions {
  /** Connections at most when the server does not speak HTTP/2 (the first one included). */
  connections: number;
  /** Requests in flight at once on the one HTTP/2 connection. */
  streams: number;
  timeoutMs: number;
  tls: Pick<ConnectionOptions, 'secureContext' | 'rejectUnauthorized'>;
  /** Called once the first connection is made, with whether the origin multiplexes (HTTP/2). */
  onProtocol?: (multiplexed: boolean) => void;
}

type DispatchOptions = Dispatcher.DispatchOptions;
type Handler = Dispatcher.DispatchHandler;

export class NegotiatingPool extends Dispatcher {
  /** The first connection's client: it becomes the HTTP/2 client, or serves its one request over HTTP/1.1. */
  private readonly first: Client;
  private chosen: Dispatcher | undefined;
  private probing = false;
  private readonly waiting: Array<[DispatchOptions, Handler]> = [];
  private readonly h1: () => Pool;

  constructor(
    origin: string,
    private readonly options: NegotiatingPoolOptions,
  ) {
    super();
    const timeouts = { headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs };
    const connectOptions = { ...options.tls, timeout: options.timeoutMs };
    const connector = buildConnector({ ...connectOptions, allowH2: true });
    this.first = new Client(origin, {
      ...timeouts,
      allowH2: true,
      connect: (opts, callback) =>
        connector(opts, (error, socket) => {
          if (error === null) this.decide((socket as TLSSocket).alpnProtocol === 'h2');
          else this.release(this.first); // the waiting requests fail (or retry) on their own, not one after another
          callback(error, socket as never);
        }),
    });
    this.h1 = () =>
      new Pool(origin, { connections: Math.max(1, options.connections - 1), connect: connectOptions, ...timeouts });
  }

  override dispatch(options: DispatchOptions, handler: Handler): boolean {
    if (this.chosen !== undefined) return this.chosen.dispatch(options, handler);
    if (this.probing) {
      this.waiting.push([options, handler]);
      return true;
    }
    this.probing = true;
    return this.first.dispatch(options, handler);
  }

  override async close(): Promise<void> {
    await Promise.all([
      this.first.close(),
      ...(this.chosen !== undefined && this.chosen !== this.first ? [this.chosen.close()] : []),
    ]);
  }

  override async destroy(): Promise<void> {
    await Promise.all([
      this.first.destroy(),
      ...(this.chosen !== undefined && this.chosen !== this.first ? [this.chosen.destroy()] : []),
    ]);
  }

  private decide(multiplexed: boolean): void {
    if (this.chosen !== undefined) return;
    if (multiplexed) this.first.pipelining = this.options.streams;
    this.chosen = multiplexed ? this.first : this.h1();
    this.options.onProtocol?.(multiplexed);
    this.release(this.chosen);
  }

  /** Hands the requests that waited for the first connection to `to`; without a choice, the next request probes again. */
  private release(to: Dispatcher): void {
    if (this.chosen === undefined) this.probing = false;
    for (const [options, handler] of this.waiting.splice(0)) to.dispatch(options, handler);
  }
}
