import { foundAt } from './found-at.js';
import { interpolationSkip } from './interpolation.js';
import type { Found, Kind } from '../types.js';

/** Why a string written with escapes (or a YAML block scalar) is skipped. */
export const QUOTED_FORM = 'quoted form basepin cannot edit safely';

/**
 * Where a string value sits in a file: `start`..`end` are the characters of its value (inside the quotes of a
 * quoted string), `value` is what the string means to its reader.
 */
export interface StringSpan {
  value: string;
  start: number;
  end: number;
  /** Why editing `start`..`end` would not edit `value` character for character (escapes, folding), if it would not. */
  uneditable?: string;
}

export interface ImageOptions {
  /** A scheme the string must start with to be an image, left out of the image and its span (`docker://`). */
  prefix?: string;
  /** A reason to skip this image whatever it says (`built locally`); wins over the other reasons. */
  skip?: string;
}

/**
 * The Found for an image written as a string value, or undefined when the string is empty or lacks `prefix`.
 * The image is skipped when the string cannot be edited safely or uses variables or expressions.
 */
export function imageInString(
  kind: Kind,
  text: string,
  span: StringSpan,
  options: ImageOptions = {},
): Found | undefined {
  const prefix = options.prefix ?? '';
  if (!span.value.startsWith(prefix)) return undefined;
  const image = span.value.slice(prefix.length);
  if (image === '') return undefined;
  const start = span.uneditable === undefined ? span.start + prefix.length : span.start;
  const skip = options.skip ?? span.uneditable ?? interpolationSkip(image);
  return foundAt(kind, text, { image, start, end: span.end, ...(skip === undefined ? {} : { skip }) });
}
