/**
 * Lookups outstanding per registry host, and a notice when the oldest one has waited long: a run that waits on a
 * slow or stalled registry says so instead of staying silent. The timer runs only while lookups are outstanding
 * and never keeps the process alive.
 */

/** What a notice says: lookups at `host` (as references spell it) outstanding, the oldest for `waitedMs`. */
export interface Waiting {
  host: string;
  lookups: number;
  waitedMs: number;
}

export interface WaitingNotices {
  notify: (waiting: Waiting) => void;
  /** A first notice once the oldest lookup at a host has waited this long. */
  afterMs: number;
  /** Then one notice per host at most this often, while lookups there are outstanding. */
  everyMs: number;
}

/** The tick of the check; notices are no more precise than this. */
const TICK_MS = 250;

export class WaitWatch {
  /** Start times of outstanding lookups per host, oldest first (a Set keeps insertion order). */
  private readonly outstanding = new Map<string, Set<{ since: number }>>();
  private readonly noticed = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly notices: WaitingNotices) {}

  /** Runs `work` as an outstanding lookup at `host`. */
  async track<T>(host: string, work: () => Promise<T>): Promise<T> {
    const lookup = { since: Date.now() };
    const lookups = this.outstanding.get(host) ?? new Set();
    this.outstanding.set(host, lookups.add(lookup));
    this.timer ??= setInterval(() => this.tick(), Math.min(TICK_MS, this.notices.afterMs)).unref();
    try {
      return await work();
    } finally {
      lookups.delete(lookup);
      if (lookups.size === 0) {
        this.outstanding.delete(host);
        this.noticed.delete(host);
      }
      if (this.outstanding.size === 0) this.stop();
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const now = Date.now();
    for (const [host, lookups] of this.outstanding) {
      const oldest = lookups.values().next().value;
      if (oldest === undefined) continue;
      const last = this.noticed.get(host);
      if (now - oldest.since < this.notices.afterMs || (last !== undefined && now - last < this.notices.everyMs))
        continue;
      this.noticed.set(host, now);
      this.notices.notify({ host, lookups: lookups.size, waitedMs: now - oldest.since });
    }
  }
}
