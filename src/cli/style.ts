import { styleText } from 'node:util';
import type { Io, Output } from './io.js';

type Color = 'red' | 'green' | 'yellow' | 'cyan' | 'dim' | 'bold';

/**
 * Whether to color what goes to `stream`: `--color` / `--no-color` first, then FORCE_COLOR (set and not `0` or
 * `false`: colors, as Node and chalk read it, even over NO_COLOR), then NO_COLOR (set and not empty: none, see
 * no-color.org), else only on a terminal whose TERM is not `dumb`.
 */
export function colored(stream: Output, io: Pick<Io, 'env' | 'color'>): boolean {
  if (io.color !== undefined) return io.color;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if ((io.env.NO_COLOR ?? '') !== '') return false;
  return stream.isTTY === true && io.env.TERM !== 'dumb';
}

/** A painter for one stream: colors only when `colored` says so. */
export function painter(stream: Output, io: Pick<Io, 'env' | 'color'>): (color: Color, text: string) => string {
  // Whether to color is decided here; Node's own check (of process.stdout, whatever the stream) is switched off.
  return colored(stream, io)
    ? (color, text) => styleText(color, text, { validateStream: false })
    : (_color, text) => text;
}
