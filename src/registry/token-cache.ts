/**
 * Bearer tokens by key (registry + realm + service + scope). Concurrent requests for one key share a single
 * fetch; a token is replaced `marginSeconds` before it expires (or halfway through a shorter life); a
 * failed fetch is forgotten so the next request tries again.
 */

export interface FetchedToken {
  token: string;
  /** Lifetime in seconds, counted from the moment the fetch finished. */
  expiresInSeconds: number;
}

interface Entry {
  pending: Promise<string>;
  /** Epoch milliseconds after which the token is not used again; unset while the fetch runs. */
  refreshAt?: number;
  token?: string;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly marginSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached token for `key`, or the result of `fetch` (called at most once at a time per key). */
  get(key: string, fetch: () => Promise<FetchedToken>): Promise<string> {
    const cached = this.entries.get(key);
    if (cached !== undefined && (cached.refreshAt === undefined || this.now() < cached.refreshAt))
      return cached.pending;
    const entry: Entry = {
      pending: fetch().then(
        ({ token, expiresInSeconds }) => {
          const margin = Math.min(this.marginSeconds, expiresInSeconds / 2);
          entry.token = token;
          entry.refreshAt = this.now() + (expiresInSeconds - margin) * 1000;
          return token;
        },
        (error: unknown) => {
          if (this.entries.get(key) === entry) this.entries.delete(key);
          throw error;
        },
      ),
    };
    this.entries.set(key, entry);
    return entry.pending;
  }

  /** Forgets `token` (the registry rejected it), unless a newer token has already replaced it. */
  invalidate(key: string, token: string): void {
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }
}
