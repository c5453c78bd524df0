/**
 * The progress stream of `POST /images/create`: JSON objects one per line, arriving in arbitrary chunks. Each becomes a
 * progress event; an `error` object is the pull's failure (the HTTP status was already 200 when it was sent).
 */

/** One progress event: `{ id: 'a2954dd29956', status: 'Download complete' }`, `{ status: 'Digest: sha256:...' }`. */
export interface PullProgress {
  /** The layer (short digest) or tag the event is about, when it is about one. */
  id?: string;
  status: string;
  /** The engine's progress bar text, for events that repeat while bytes arrive. */
  progress?: string;
}

export class PullStream {
  private pending = '';
  private failure: string | undefined;

  constructor(private readonly onProgress: (event: PullProgress) => void = () => {}) {}

  write(chunk: Buffer): void {
    this.pending += chunk.toString('utf8');
    const lines = this.pending.split('\n');
    this.pending = lines.pop()!;
    for (const line of lines) this.line(line);
  }

  /** Reads what remains; returns the failure the engine reported, if any. */
  end(): string | undefined {
    this.line(this.pending);
    this.pending = '';
    return this.failure;
  }

  private line(text: string): void {
    if (text.trim() === '') return;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof event.error === 'string' && event.error !== '') {
      this.failure ??= event.error;
      return;
    }
    if (typeof event.status !== 'string') return;
    this.onProgress({
      status: event.status,
      ...(typeof event.id === 'string' && event.id !== '' ? { id: event.id } : {}),
      ...(typeof event.progress === 'string' && event.progress !== '' ? { progress: event.progress } : {}),
    });
  }
}
