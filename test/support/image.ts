/**
 * Test images built in memory: a small real gzip layer, a real-looking image config (architecture, os,
 * created, history, labels, rootfs.diff_ids), and Docker schema2 / OCI manifests, indexes and lists over
 * them. Same inputs, same bytes: digests are reproducible.
 */

import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { tarFiles } from './tar.js';

export type Format = 'docker' | 'oci';

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
}

export interface Blob {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Buffer;
}

/** A manifest (or index/list) with the exact bytes to push and the blobs or child manifests it needs first. */
export interface BuiltManifest extends Blob {
  blobs: Blob[];
  children: BuiltManifest[];
  platform?: Platform;
}

export interface ImageContent {
  /** Text that makes this image's bytes differ from other images'. */
  seed: string;
  /** Files of the single layer (path -> content); defaults to `basepin/seed.txt` holding the seed. */
  files?: Record<string, string>;
  /** The config's `created` time (ISO 8601). */
  created?: string;
  labels?: Record<string, string>;
}

const TYPES = {
  docker: {
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    index: 'application/vnd.docker.distribution.manifest.list.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
  oci: {
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
} as const;

export const AMD64: Platform = { architecture: 'amd64', os: 'linux' };
export const ARM64: Platform = { architecture: 'arm64', os: 'linux', variant: 'v8' };

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function blob(mediaType: string, bytes: Buffer): Blob {
  return { mediaType, digest: sha256(bytes), size: bytes.length, bytes };
}

function descriptor({ mediaType, digest, size }: Blob): { mediaType: string; digest: string; size: number } {
  return { mediaType, digest, size };
}

/** A single-platform image manifest with its config and one layer. */
export function buildImage(format: Format, platform: Platform, content: ImageContent): BuiltManifest {
  const created = content.created ?? '2024-01-01T00:00:00Z';
  const tar = tarFiles(content.files ?? { 'basepin/seed.txt': `${content.seed}\n` });
  return buildManifest(format, platform, [tar], {
    created,
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Cmd: ['/bin/sh'],
      Labels: { 'org.opencontainers.image.title': content.seed, ...content.labels },
    },
    history: [{ created, created_by: `/bin/sh -c #(nop) ADD file:${content.seed} in /basepin/` }],
  });
}

/** What an image config says besides its platform and layers. */
export interface ConfigFields {
  /** ISO 8601. */
  created: string;
  /** The runtime configuration (`Env`, `Cmd`, `Labels`, ...). */
  config: object;
  history: object[];
}

/** A single-platform image manifest with a gzip layer for each tar and its config (platform, layers and these fields). */
export function buildManifest(
  format: Format,
  platform: Platform,
  tars: Buffer[],
  { created, config, history }: ConfigFields,
): BuiltManifest {
  const layers = tars.map((tar) => blob(TYPES[format].layer, gzipSync(tar)));
  const configBlob = blob(
    TYPES[format].config,
    Buffer.from(
      JSON.stringify({
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant === undefined ? {} : { variant: platform.variant }),
        created,
        config,
        rootfs: { type: 'layers', diff_ids: tars.map(sha256) },
        history,
      }),
    ),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: TYPES[format].manifest,
      config: descriptor(configBlob),
      layers: layers.map(descriptor),
    }),
  );
  return { ...blob(TYPES[format].manifest, manifest), blobs: [configBlob, ...layers], children: [], platform };
}

/** An OCI index or Docker manifest list over one image per platform. */
export function buildIndex(format: Format, platforms: Platform[], content: ImageContent): BuiltManifest {
  const children = platforms.map((platform) =>
    buildImage(format, platform, { ...content, seed: `${content.seed}/${platform.os}/${platform.architecture}` }),
  );
  return buildIndexOf(format, children);
}

/** An OCI index or Docker manifest list over these images, each listed with its platform. */
export function buildIndexOf(format: Format, children: BuiltManifest[]): BuiltManifest {
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: TYPES[format].index,
      manifests: children.map((child) => ({ ...descriptor(child), platform: child.platform })),
    }),
  );
  return { ...blob(TYPES[format].index, index), blobs: [], children };
}
