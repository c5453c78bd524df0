/**
 * Pins to one platform's image of a multi-platform tag (`FROM --platform=linux/arm64 img:3@sha256:<arm64 image>`).
 *
 * Such a pin never equals the tag's digest, which is the index's. When a pin differs from the tag's digest and the tag
 * points at an index, the registry side reads the facts below (the index, then, only if the pin is not one of its
 * manifests, the pinned manifest and its config's platform) and this module decides: a pin the index lists is
 * current; an old platform image moves to the same platform's image of the new index; an old index moves to the new
 * index; anything basepin cannot tell is an error, never a silent move to the index. Pure.
 */

import { formatPlatform, isIndexMediaType, platformMatches, type IndexChild, type Platform } from '../image/index.js';
import type { Failure, Reason } from './reason.js';

/** What the registry says of a pin that differs from its tag's digest. */
export interface PinFacts {
  /** The manifests the tag's index lists now, or why they could not be read. */
  index: readonly IndexChild[] | Failure;
  /** The pinned manifest, read only when the index does not list it: an index, or an image and its platform. */
  pinned?: { kind: 'index' } | { kind: 'image'; platform: Platform | null } | Failure;
}

/** The outcome for such a pin: `current` is the digest it should pin now. */
export type PlatformDecision =
  | { status: 'pinned'; current: string }
  | { status: 'stale'; current: string; message?: string }
  | { status: 'error'; message: string; reason: Reason };

/**
 * Whether a pin that differs from the tag's digest needs the index read: the tag's media type says it is an index,
 * or the resolver did not say (the manifest read by digest then tells).
 */
export function mayBeIndex(mediaType: string | undefined): boolean {
  return mediaType === undefined || isIndexMediaType(mediaType);
}

/** Whether the pinned manifest itself must be read: the index was read and does not list the pin. */
export function needsPinnedManifest(index: PinFacts['index'], pin: string): boolean {
  return !('error' in index) && !index.some((child) => child.digest === pin);
}

/** Decides a pin `pin` that differs from the tag's digest `tagDigest`, from the facts read for it. */
export function decidePlatformPin(pin: string, tagDigest: string, facts: PinFacts): PlatformDecision {
  if ('error' in facts.index) {
    return {
      status: 'error',
      message: `cannot read the tag's index ${tagDigest}: ${facts.index.error}`,
      reason: facts.index.reason,
    };
  }
  const children = facts.index;
  if (children.some((child) => child.digest === pin)) return { status: 'pinned', current: pin };
  const pinned = facts.pinned;
  // The pin's own read failing says why; the rest are pins basepin read but cannot tell where to move.
  const cannot = (why: string, reason: Reason = 'undecidable'): PlatformDecision => ({
    status: 'error',
    message: `pinned to ${pin}, which the tag's index ${tagDigest} does not list, and ${why}; move this pin by hand`,
    reason,
  });
  if (pinned === undefined) return cannot('basepin cannot read manifests here to tell which platform it is for');
  if ('error' in pinned) return cannot(`basepin cannot read it to tell its platform: ${pinned.error}`, pinned.reason);
  if (pinned.kind === 'index') return { status: 'stale', current: tagDigest };
  if (pinned.platform === null) return cannot('its image config names no platform');
  const wanted = pinned.platform;
  const images = children.filter((child) => !child.attestation && child.platform !== null);
  const match =
    images.find((child) => formatPlatform(child.platform!) === formatPlatform(wanted)) ??
    images.find((child) => platformMatches(wanted, child.platform!));
  const platform = formatPlatform(wanted);
  if (match === undefined) {
    const offered = images.map((child) => formatPlatform(child.platform!)).join(', ') || 'none';
    return cannot(`the index has no ${platform} image for this ${platform} pin (it has: ${offered})`);
  }
  const message = `a ${platform} image of a multi-platform tag: moves to the ${platform} image of its index ${tagDigest}`;
  return { status: 'stale', current: match.digest, message };
}
