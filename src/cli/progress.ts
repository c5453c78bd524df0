import { defaults } from '../defaults.js';
import type { NormalizedReference } from '../reference/index.js';
import type { Resolver } from '../run.js';
import type { Io } from './io.js';

/** A resolver that counts its lookups, and says when the run is over. */
export interface ProgressResolver extends Resolver {
  done(): void;
}

/**
 * `resolver`, counting: when standard error is a terminal (not a pipe, a file or CI) and the run has taken longer than
 * `defaults.cli.progressAfterMs`, one line on stderr says how many images have been looked up so far, redrawn in
 * place on each answer and erased when the run is done. Elsewhere, nothing is printed.
 */
export function withProgress(resolver: Resolver, io: Pick<Io, 'stderr' | 'env'>): ProgressResolver {
  const shown = io.stderr.isTTY === true && io.env.TERM !== 'dumb' && (io.env.CI ?? '') === '';
  const reads = { fetchManifest: resolver.fetchManifest.bind(resolver), fetchBlob: resolver.fetchBlob.bind(resolver) };
  if (!shown) return { ...reads, resolve: (ref) => resolver.resolve(ref), done: () => undefined };
  let asked = 0;
  let answered = 0;
  let drawn = false;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    io.stderr.write(`\rbasepin: looked up ${answered} of ${asked} image${asked === 1 ? '' : 's'}\u001b[K`);
    drawn = true;
  };
  return {
    ...reads,
    resolve(ref: NormalizedReference) {
      asked += 1;
      timer ??= setTimeout(draw, defaults.cli.progressAfterMs);
      return resolver.resolve(ref).finally(() => {
        answered += 1;
        if (drawn) draw();
      });
    },
    done() {
      clearTimeout(timer);
      if (drawn) io.stderr.write('\r\u001b[K');
    },
  };
}
