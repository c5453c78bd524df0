/**
 * `basepin serve` as a library: the webhook server, the coalescing queue that turns hints into propagations, and
 * the periodic full reconcile. Events are hints (level, not edge): each pushed `name:tag` schedules a propagation,
 * which resolves the tag itself; a resync at start and every `resyncMs` catches anything a lost webhook missed.
 *
 * A propagation visits only the dependents that use its image, as the last resync's survey found them, plus those
 * the survey could not read: a push costs a fetch in each repository that uses the image, not in every repository,
 * and nothing for an image nobody uses. A dependent may start using the image after the survey (someone adds a
 * `FROM`); propagations miss it until the next resync, which finds the new reference and propagates the image to it.
 * So a dependent is caught up at most one resync interval after a push, the bound the resyncs already give for a lost
 * webhook. That bound holds only while resyncs succeed: a survey is replaced one interval (plus the next survey's
 * own duration) after it ended, so one older than two intervals means resyncs are failing or stuck, and then (as
 * before the first survey, or with resyncs off) every dependent is visited. Checking every dependent's branch head
 * with `git ls-remote` before each propagation would close the window, at the price of one request per dependent
 * per push, which is what this avoids.
 */

import type { AddressInfo } from 'node:net';
import type { Dependent } from '../dependents/index.js';
import type { GitAuthor } from '../git/index.js';
import {
  propagate,
  survey,
  type DescribeChange,
  type Propagation,
  dependentsToVisit,
  usageOf,
  type Usage,
} from '../propagate/index.js';
import type { Resolver } from '../run.js';
import { Coalescer } from './coalescer.js';
import { defaults } from '../defaults.js';
import { hintImage, type ParsedHook } from './hint.js';
import type { Logger } from './log.js';
import type { Source } from './hook-sources.js';
import { Metrics } from './metrics.js';
import { createHookServer } from './server.js';
import type { Dispatcher } from './dispatch.js';
import { imageTarget } from '../propagate/light.js';
import { withoutDigest } from '../reference/index.js';

export interface ServiceOptions {
  listen: { host: string; port: number };
  /** The webhook secret; undefined means no authentication (`--insecure-no-auth`). */
  secret: string | undefined;
  /** Registry host as the registry knows itself -> host as the files spell it. */
  aliases: ReadonlyMap<string, string>;
  debounceMs: number;
  /** 0: no full reconciles, not even at start. */
  resyncMs: number;
  dependents: readonly Dependent[];
  resolver: Resolver;
  workdir: string;
  concurrency: number;
  author: GitAuthor;
  /** Where forge tokens are read from. */
  env: Record<string, string | undefined>;
  describeChange?: DescribeChange;
  log: Logger;
  /**
   * Hand each push to an engine (`--dispatch github-actions|kubernetes`) split into `shards`, instead of propagating
   * here. The service then surveys nothing (the engine's jobs read the usage index): no resyncs.
   */
  dispatch?: { dispatcher: Dispatcher; shards: number };
  bodyLimitBytes?: number;
  requestTimeoutMs?: number;
}

export interface Service {
  /** `http://HOST:PORT` the service listens on. */
  url: string;
  /**
   * Stops accepting requests, drops scheduled propagations (the next start's resync catches up), and resolves once
   * the propagation or resync in progress has finished: a push is never cut off half-way.
   */
  close(): Promise<void>;
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const { log } = options;
  const metrics = new Metrics();
  let usage: Usage | undefined;
  const queue = new Coalescer({
    debounceMs: options.debounceMs,
    maxWaitMs: options.debounceMs * defaults.serve.maxWaitDebounces,
    run: (image) =>
      options.dispatch === undefined
        ? runPropagation(image, options, metrics, usage)
        : runDispatch(image, options, metrics),
  });
  metrics.pending = () => queue.pending;
  const onHook = (source: Source, hook: ParsedHook) => {
    for (const hint of hook.hints) {
      const image = hintImage(hint, options.aliases);
      if (image === undefined) log('warn', 'hint names no valid image', { source, ...hint });
      else queue.schedule(image);
    }
  };
  const server = createHookServer({
    secret: options.secret,
    bodyLimitBytes: options.bodyLimitBytes ?? defaults.serve.bodyLimitBytes,
    requestTimeoutMs: options.requestTimeoutMs ?? defaults.serve.requestTimeoutMs,
    metrics,
    log,
    onHook,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listen.port, options.listen.host, resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  const resync =
    options.resyncMs > 0 && options.dispatch === undefined
      ? startResync(options, queue, metrics, (surveyed) => (usage = surveyed))
      : undefined;
  log('info', 'listening', {
    url,
    dependents: options.dependents.length,
    authentication: options.secret !== undefined,
  });

  return {
    url,
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeIdleConnections();
      await resync?.stop();
      await queue.close();
      await closed;
      log('info', 'stopped');
    },
  };
}

/** Surveys are trusted for this many resync intervals (see the top of this file). */
const TRUSTED_RESYNC_INTERVALS = 2;

/** One propagation to the dependents `usage` says use the image, logged and counted; never throws. */
async function runPropagation(
  image: string,
  options: ServiceOptions,
  metrics: Metrics,
  usage: Usage | undefined,
): Promise<void> {
  const { log } = options;
  metrics.propagations += 1;
  let propagation: Propagation;
  try {
    const freshness = { now: Date.now(), maxAgeMs: TRUSTED_RESYNC_INTERVALS * options.resyncMs };
    const target = imageTarget(image);
    const dependents = dependentsToVisit(target, options.dependents, usage, freshness);
    if (dependents.length === 0) {
      log('info', 'no dependent uses the image', { image });
      return;
    }
    propagation = await propagate({
      image: target,
      dependents,
      resolver: options.resolver,
      workdir: options.workdir,
      concurrency: options.concurrency,
      author: options.author,
      env: options.env,
      describeChange: options.describeChange,
    });
  } catch (error) {
    metrics.propagationFailures += 1;
    log('error', 'propagation failed', { image, error: (error as Error).message });
    return;
  }
  for (const result of propagation.results) {
    const { moves, ...rest } = result;
    const level = result.status === 'failed' ? 'error' : 'info';
    log(level, 'dependent reconciled', { image, digest: propagation.digest, moved: moves.length, ...rest });
  }
  const updated = propagation.results.filter((result) => result.status === 'updated').length;
  metrics.dependentsUpdated += updated;
  if (propagation.results.some((result) => result.status === 'failed')) metrics.propagationFailures += 1;
  else metrics.lastSuccess = Math.floor(Date.now() / 1000);
}

/** One push handed to the engine: the tag resolved now, then `{image, digest, shards}` dispatched; never throws. */
async function runDispatch(image: string, options: ServiceOptions, metrics: Metrics): Promise<void> {
  const { dispatcher, shards } = options.dispatch!;
  metrics.propagations += 1;
  try {
    const target = imageTarget(image);
    const { digest } = await options.resolver.resolve(withoutDigest(target.ref));
    const to = await dispatcher({ image: target.image, digest, shards });
    metrics.lastSuccess = Math.floor(Date.now() / 1000);
    options.log('info', 'propagation dispatched', { image: target.image, digest, shards, to });
  } catch (error) {
    metrics.propagationFailures += 1;
    options.log('error', 'dispatch failed', { image, error: (error as Error).message });
  }
}

/**
 * Full reconciles: now, then `resyncMs` after each one ends. Each surveys every dependent, hands the usage it found
 * to `surveyed`, and queues every image pinned with a tag there.
 */
function startResync(
  options: ServiceOptions,
  queue: Coalescer,
  metrics: Metrics,
  surveyed: (usage: Usage) => void,
): { stop(): Promise<void> } {
  const { log } = options;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void>;
  const once = async () => {
    try {
      const startedAt = Date.now();
      const found = await survey(options.dependents, { workdir: options.workdir, concurrency: options.concurrency });
      for (const { repo, error } of found.filter((one) => one.error !== undefined))
        log('warn', 'survey failed', { repo, error });
      surveyed(usageOf(found, startedAt));
      const pinned = found.flatMap((one) => one.references.filter((ref) => ref.tag !== null && ref.digest !== null));
      const images = new Set(pinned.map((ref) => ref.image));
      for (const image of images) queue.enqueue(image);
      metrics.resyncs += 1;
      log('info', 'resync', { images: images.size });
    } catch (error) {
      log('error', 'resync failed', { error: (error as Error).message });
    } finally {
      if (!stopped) timer = setTimeout(() => (running = once()), options.resyncMs);
    }
  };
  running = once();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
