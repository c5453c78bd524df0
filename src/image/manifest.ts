/** Reading manifests: an index (OCI index, Docker manifest list) or an image manifest (OCI, Docker schema 2). */

import { ImageError } from './errors.js';
import type { Platform } from './platform.js';

/** Kept here rather than imported, so this module stays free of the registry client. */
const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);
const IMAGE_TYPES = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
]);

/** A pointer to a blob or manifest: its media type, digest and size in bytes. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

export interface IndexChild extends Descriptor {
  platform: Platform | null;
  /** A build attestation (`vnd.docker.reference.type: attestation-manifest`), not an image to run. */
  attestation: boolean;
}

export type Manifest =
  | { kind: 'index'; children: IndexChild[] }
  | { kind: 'image'; config: Descriptor; layers: Descriptor[] };

/** Whether `mediaType` names an index or manifest list. */
export function isIndexMediaType(mediaType: string): boolean {
  return INDEX_TYPES.has(mediaType);
}

/** Reads a manifest's bytes, served with `mediaType`, whose digest is `digest`. Throws `ImageError` (`format`). */
export function parseManifest(bytes: Uint8Array, mediaType: string, digest: string): Manifest {
  const fail = (why: string) => new ImageError(`manifest ${digest} ${why}`, { reason: 'format', digest });
  const json = parseJsonObject(bytes);
  if (json === undefined) throw fail('is not a JSON object');
  const type = INDEX_TYPES.has(mediaType) || IMAGE_TYPES.has(mediaType) ? mediaType : String(json.mediaType ?? '');
  if (INDEX_TYPES.has(type) || (!IMAGE_TYPES.has(type) && Array.isArray(json.manifests))) {
    if (!Array.isArray(json.manifests)) throw fail('is an index without a manifests list');
    return {
      kind: 'index',
      children: json.manifests.map((entry, index) => indexChild(entry, `manifests[${index}]`, fail)),
    };
  }
  if (IMAGE_TYPES.has(type) || (json.config !== undefined && Array.isArray(json.layers))) {
    if (!Array.isArray(json.layers)) throw fail('has no layers list');
    return {
      kind: 'image',
      config: descriptor(json.config, 'config', fail),
      layers: json.layers.map((layer, index) => descriptor(layer, `layers[${index}]`, fail)),
    };
  }
  throw fail(
    `has a media type basepin cannot read (${mediaType || 'none'}); Docker schema 1 manifests are not supported`,
  );
}

function indexChild(value: unknown, where: string, fail: (why: string) => ImageError): IndexChild {
  const entry = value as { platform?: Record<string, unknown>; annotations?: Record<string, unknown> };
  const platform = entry.platform;
  return {
    ...descriptor(value, where, fail),
    platform:
      typeof platform?.os === 'string' && typeof platform.architecture === 'string'
        ? {
            os: platform.os,
            architecture: platform.architecture,
            ...(typeof platform.variant === 'string' && platform.variant !== '' ? { variant: platform.variant } : {}),
          }
        : null,
    attestation: entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest',
  };
}

function descriptor(value: unknown, where: string, fail: (why: string) => ImageError): Descriptor {
  const { mediaType, digest, size } = (value ?? {}) as Record<string, unknown>;
  if (
    typeof digest !== 'string' ||
    !digest.includes(':') ||
    typeof size !== 'number' ||
    !Number.isSafeInteger(size) ||
    size < 0
  ) {
    throw fail(`has an invalid descriptor at ${where} (it needs a digest and a size)`);
  }
  return { mediaType: typeof mediaType === 'string' ? mediaType : '', digest, size };
}

/** `bytes` as a JSON object, or undefined when they are not one. */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
