/**
 * The pull-request budget: forges limit how fast one identity may create content (GitHub: about 500
 * content-creating requests an hour, beyond the primary rate limit; creating and editing pull requests count). A
 * propagation across thousands of repositories would run into that limit half-way and fail the rest; instead it
 * honours it up front with a token bucket, and the dependents it cannot serve are `deferred` to a later run.
 */

/** No content-creating request is left in the budget. */
export class BudgetSpentError extends Error {
  override name = 'BudgetSpentError';
  constructor() {
    super('the pull request budget is spent');
  }
}

/** A token bucket: `capacity` requests, refilled evenly over `periodMs`. */
export class RequestBudget {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly periodMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.updatedAt = now();
  }

  /** Whether no whole request is left now. */
  spent(): boolean {
    this.refill();
    return this.tokens < 1;
  }

  /** Takes one request; false (taking nothing) when none is left. */
  take(): boolean {
    if (this.spent()) return false;
    this.tokens -= 1;
    return true;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.capacity) / this.periodMs);
    this.updatedAt = now;
  }
}

/** Parses `COUNT` or `COUNT/PERIOD` (`500/h`, `100/30m`, `20/s`); undefined when the text is not of that form. */
export function parseBudget(text: string): { count: number; periodMs: number } | undefined {
  const match = /^(\d{1,9})(?:\/(\d*)(ms|s|m|h))?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[3] ?? 'h') as 'ms' | 's' | 'm' | 'h'];
  const periodMs = Number(match[2] || 1) * unit;
  const count = Number(match[1]);
  return count >= 1 && periodMs > 0 ? { count, periodMs } : undefined;
}
