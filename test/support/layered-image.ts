/**
 * Test images with several steps, like a real build: each step has a `created_by` history entry, and the steps with
 * files make a gzip layer, the others are `empty_layer` steps. Steps shared between two images give identical layers,
 * so a diff sees them as shared. Pushed over the registry HTTP API with `pushBuilt`.
 */

import { gzipSync } from 'node:zlib';
import { AMD64, sha256, type Blob, type BuiltManifest, type Format, type Platform } from './image.js';
import type { PushTarget } from './push.js';
import { tarFiles } from './tar.js';

export interface Step {
  createdBy: string;
  created?: string;
  comment?: string;
  /** The files this step adds (path -> content); a step without files makes no layer. */
  files?: Record<string, string>;
}

export interface LayeredImage {
  format?: Format;
  platform?: Platform;
  created: string;
  labels?: Record<string, string>;
  steps: Step[];
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

function blob(mediaType: string, bytes: Buffer): Blob {
  return { mediaType, digest: sha256(bytes), size: bytes.length, bytes };
}

const descriptor = ({ mediaType, digest, size }: Blob) => ({ mediaType, digest, size });

export function buildLayeredImage(image: LayeredImage): BuiltManifest {
  const format = image.format ?? 'docker';
  const platform = image.platform ?? AMD64;
  const layered = image.steps.filter((step) => step.files !== undefined).map((step) => tarFiles(step.files!));
  const layers = layered.map((tar) => blob(TYPES[format].layer, gzipSync(tar)));
  const config = blob(
    TYPES[format].config,
    Buffer.from(
      JSON.stringify({
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant === undefined ? {} : { variant: platform.variant }),
        created: image.created,
        config: { Cmd: ['/bin/sh'], Labels: image.labels ?? {} },
        rootfs: { type: 'layers', diff_ids: layered.map(sha256) },
        history: image.steps.map((step) => ({
          created: step.created ?? image.created,
          created_by: step.createdBy,
          ...(step.comment === undefined ? {} : { comment: step.comment }),
          ...(step.files === undefined ? { empty_layer: true } : {}),
        })),
      }),
    ),
  );
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: TYPES[format].manifest, config: descriptor(config), layers: layers.map(descriptor) }),
  );
  return { ...blob(TYPES[format].manifest, manifest), blobs: [config, ...layers], children: [], platform };
}

/** An index (or Docker list) over images built for different platforms. */
export function buildLayeredIndex(format: Format, children: BuiltManifest[]): BuiltManifest {
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: TYPES[format].index,
      manifests: children.map((child) => ({ ...descriptor(child), platform: child.platform })),
    }),
  );
  return { ...blob(TYPES[format].index, index), blobs: [], children };
}

/** Pushes a built image or index (children first, by digest) and tags it; plain HTTP, no auth. */
export async function pushBuilt(target: PushTarget, repository: string, tag: string, built: BuiltManifest): Promise<void> {
  for (const child of built.children) await pushManifest(target.url, repository, child, child.digest);
  await pushManifest(target.url, repository, built, tag);
}

async function pushManifest(url: string, repository: string, manifest: BuiltManifest, reference: string): Promise<void> {
  for (const { bytes, digest } of manifest.blobs) {
    const started = await call('POST', new URL(`/v2/${repository}/blobs/uploads/`, url), 202);
    const location = new URL(started.headers.get('location')!, url);
    location.searchParams.set('digest', digest);
    await call('PUT', location, 201, bytes, 'application/octet-stream');
  }
  await call('PUT', new URL(`/v2/${repository}/manifests/${reference}`, url), 201, manifest.bytes, manifest.mediaType);
}

async function call(method: string, url: URL, expected: number, body?: Buffer, contentType?: string): Promise<Response> {
  const response = await fetch(url, { method, body: body === undefined ? undefined : new Uint8Array(body), headers: contentType === undefined ? {} : { 'content-type': contentType } });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`push: ${method} ${url.pathname} answered ${response.status}, expected ${expected}: ${text}`);
  return response;
}
