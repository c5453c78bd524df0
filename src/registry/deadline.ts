/**
 * The deadline of a whole run: once it passes, every request in flight is aborted (its signal goes to the
 * transport), every later one fails at once, and every operation still waiting on something else (a credential
 * helper, a queue) is rejected, so that nothing a run does can outlast it.
 */

import { describeDuration } from './duration-text.js';
import { RegistryError } from './errors.js';

export class Deadline {
  readonly signal: AbortSignal;
  private readonly waiting = new Set<() => void>();

  constructor(readonly ms: number) {
    this.signal = AbortSignal.timeout(ms);
    this.signal.addEventListener(
      'abort',
      () => {
        for (const reject of this.waiting) reject();
      },
      { once: true },
    );
  }

  get passed(): boolean {
    return this.signal.aborted;
  }

  /** The error of anything the deadline cut, at `url`. */
  error(url: string): RegistryError {
    const message = `registry ${new URL(url).host} did not answer before the run's deadline (${describeDuration(this.ms)})`;
    return new RegistryError(message, { reason: 'timeout', url, retryable: false });
  }

  /** `work`'s result, or the deadline's error if it passes first. */
  race<T>(work: Promise<T>, url: string): Promise<T> {
    if (this.passed) {
      work.catch(() => {});
      return Promise.reject(this.error(url));
    }
    return new Promise<T>((resolve, reject) => {
      const cut = () => reject(this.error(url));
      this.waiting.add(cut);
      work.then(resolve, reject).finally(() => this.waiting.delete(cut));
    });
  }
}
