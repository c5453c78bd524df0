/**
 * Turns bursts of hints into single runs. A key (an image) runs `debounceMs` after the last time it was scheduled, or
 * at the latest `maxWaitMs` after the first, so five pushes of one tag within seconds make one run, which sees the
 * latest digest. Runs happen one at a time, in the order they came due. A key scheduled while it is due (waiting
 * for other runs) runs once: that run has not started, so it sees the latest digest too. A key scheduled while it
 * runs runs again after.
 */

export interface CoalescerOptions {
  debounceMs: number;
  maxWaitMs: number;
  /** The work for one key; must not throw. */
  run: (key: string) => Promise<void>;
}

export class Coalescer {
  private readonly waiting = new Map<string, { timer: NodeJS.Timeout; since: number }>();
  private readonly due = new Set<string>();
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: CoalescerOptions) {}

  /** Keys waiting for their burst to end, due, or running. */
  get pending(): number {
    return this.waiting.size + this.due.size + (this.running === undefined ? 0 : 1);
  }

  /** Runs `key` once the burst it belongs to is over; nothing more when it is due already. */
  schedule(key: string): void {
    if (this.closed || this.due.has(key)) return;
    const since = this.waiting.get(key)?.since ?? Date.now();
    clearTimeout(this.waiting.get(key)?.timer);
    const delay = Math.min(this.options.debounceMs, Math.max(0, since + this.options.maxWaitMs - Date.now()));
    const timer = setTimeout(() => this.enqueue(key), delay);
    this.waiting.set(key, { timer, since });
  }

  /** Runs `key` as soon as the runs before it are done, without waiting for a burst to end (or for its own to). */
  enqueue(key: string): void {
    if (this.closed) return;
    clearTimeout(this.waiting.get(key)?.timer);
    this.waiting.delete(key);
    this.due.add(key);
    this.pump();
  }

  /** Drops everything waiting or due and resolves once the run in progress (if any) has finished. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
    this.due.clear();
    await this.running;
  }

  private pump(): void {
    if (this.running !== undefined) return;
    const [key] = this.due;
    if (key === undefined) return;
    this.due.delete(key);
    this.running = this.options.run(key).finally(() => {
      this.running = undefined;
      this.pump();
    });
  }
}
