import { styleText } from 'node:util';
import type { Io, Output } from './io.js';

type Color = 'red' | 'green' | 'yellow' | 'cyan' | 'dim' | 'bold';

/** A painter for one stream: colors only on a terminal, and never when NO_COLOR is set. */
export function painter(stream: Output, env: Io['env']): (color: Color, text: string) => string {
  const colored = stream.isTTY === true && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb';
  return colored ? (color, text) => styleText(color, text) : (_color, text) => text;
}
