/**
 * Pushes test images to a registry over the distribution HTTP API (monolithic blob uploads, then manifests
 * by digest for children and by tag for the top), with optional Basic or Bearer auth. Each push returns
 * the pushed manifest's digest, the sha256 of the exact bytes sent, and its children's.
 */

import { Agent, request } from 'undici';
import { AMD64, ARM64, buildImage, buildIndex, type BuiltManifest, type ImageContent, type Platform } from './image.js';

export interface PushTarget {
  /** `http://127.0.0.1:PORT` */
  url: string;
  auth?: { username: string; password: string } | { token: string };
  /** PEM text of a CA to trust, for an HTTPS registry with a private certificate. */
  ca?: string;
}

export interface Pushed {
  digest: string;
  mediaType: string;
  /** For an index or list: each platform's manifest. */
  children: Array<{ digest: string; mediaType: string; platform: Platform }>;
}

/** Options shared by the push helpers; `seed` defaults to `repository:tag`. */
export type PushContent = Partial<ImageContent>;

/** A single-platform Docker schema2 image (linux/amd64). */
export function pushDockerImage(
  target: PushTarget,
  repository: string,
  tag: string,
  content: PushContent = {},
): Promise<Pushed> {
  return pushBuilt(target, repository, tag, buildImage('docker', AMD64, withSeed(content, repository, tag)));
}

/** A single-platform OCI image manifest (linux/amd64). */
export function pushOciImage(
  target: PushTarget,
  repository: string,
  tag: string,
  content: PushContent = {},
): Promise<Pushed> {
  return pushBuilt(target, repository, tag, buildImage('oci', AMD64, withSeed(content, repository, tag)));
}

/** An OCI index over linux/amd64 and linux/arm64 images. */
export function pushOciIndex(
  target: PushTarget,
  repository: string,
  tag: string,
  content: PushContent = {},
): Promise<Pushed> {
  return pushBuilt(target, repository, tag, buildIndex('oci', [AMD64, ARM64], withSeed(content, repository, tag)));
}

/** A Docker manifest list over linux/amd64 and linux/arm64 images. */
export function pushDockerManifestList(
  target: PushTarget,
  repository: string,
  tag: string,
  content: PushContent = {},
): Promise<Pushed> {
  return pushBuilt(target, repository, tag, buildIndex('docker', [AMD64, ARM64], withSeed(content, repository, tag)));
}

/** Each kind of manifest the helpers above push, with the media type a registry serves it with. */
export const MANIFEST_KINDS = [
  {
    kind: 'Docker schema2 image',
    push: pushDockerImage,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  },
  { kind: 'OCI image manifest', push: pushOciImage, mediaType: 'application/vnd.oci.image.manifest.v1+json' },
  { kind: 'OCI index', push: pushOciIndex, mediaType: 'application/vnd.oci.image.index.v1+json' },
  {
    kind: 'Docker manifest list',
    push: pushDockerManifestList,
    mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
  },
];

let repushes = 0;

/** Pushes a Docker schema2 image with new content under `tag`, moving the tag; returns the new digest. */
export function repushTag(target: PushTarget, repository: string, tag: string): Promise<Pushed> {
  repushes += 1;
  return pushDockerImage(target, repository, tag, {
    seed: `${repository}:${tag} re-push ${repushes} at ${Date.now()}`,
  });
}

function withSeed(content: PushContent, repository: string, tag: string): ImageContent {
  return { ...content, seed: content.seed ?? `${repository}:${tag}` };
}

/**
 * Pushes `built` by its digest only: no tag, so the registry's notifications name none. `moveTag` then points a tag at
 * it with a single request, which lets a test move a tag several times within milliseconds.
 */
export async function pushByDigest(target: PushTarget, repository: string, built: BuiltManifest): Promise<void> {
  await withSession(target, repository, (session) => session.pushManifest(built, built.digest));
}

/** Points `tag` at a manifest pushed before (one PUT of its bytes, no blob uploads). */
export async function moveTag(
  target: PushTarget,
  repository: string,
  tag: string,
  built: BuiltManifest,
): Promise<void> {
  await withSession(target, repository, (session) => session.putManifest(built, tag));
}

async function withSession(target: PushTarget, repository: string, work: (session: Session) => Promise<void>) {
  const agent = new Agent(target.ca === undefined ? {} : { connect: { ca: target.ca } });
  try {
    await work(new Session(target, repository, agent));
  } finally {
    await agent.close();
  }
}

/** Pushes a built image or index (its children first, by digest) and tags it. */
export async function pushBuilt(
  target: PushTarget,
  repository: string,
  tag: string,
  built: BuiltManifest,
): Promise<Pushed> {
  const agent = new Agent(target.ca === undefined ? {} : { connect: { ca: target.ca } });
  try {
    const session = new Session(target, repository, agent);
    for (const child of built.children) await session.pushManifest(child, child.digest);
    await session.pushManifest(built, tag);
    return {
      digest: built.digest,
      mediaType: built.mediaType,
      children: built.children.map(({ digest, mediaType, platform }) => ({
        digest,
        mediaType,
        platform: platform ?? AMD64,
      })),
    };
  } finally {
    await agent.close();
  }
}

class Session {
  constructor(
    private readonly target: PushTarget,
    private readonly repository: string,
    private readonly agent: Agent,
  ) {}

  async pushManifest(manifest: BuiltManifest, reference: string): Promise<void> {
    for (const blob of manifest.blobs) await this.uploadBlob(blob.bytes, blob.digest);
    await this.putManifest(manifest, reference);
  }

  async putManifest(manifest: BuiltManifest, reference: string): Promise<void> {
    await this.call('PUT', `/v2/${this.repository}/manifests/${reference}`, 201, manifest.bytes, manifest.mediaType);
  }

  /** `POST .../blobs/uploads/` for a location, then one `PUT location?digest=` with all the bytes. */
  private async uploadBlob(bytes: Buffer, digest: string): Promise<void> {
    const started = await this.call('POST', `/v2/${this.repository}/blobs/uploads/`, 202);
    const location = new URL(String(started.headers.location), this.target.url);
    location.searchParams.set('digest', digest);
    await this.call('PUT', location.pathname + location.search, 201, bytes, 'application/octet-stream');
  }

  private async call(method: 'POST' | 'PUT', path: string, expected: number, body?: Buffer, contentType?: string) {
    const headers: Record<string, string> = { ...this.authorization() };
    if (contentType !== undefined) headers['content-type'] = contentType;
    const response = await request(new URL(path, this.target.url), { method, headers, body, dispatcher: this.agent });
    const text = await response.body.text();
    if (response.statusCode !== expected) {
      throw new Error(`push: ${method} ${path} answered ${response.statusCode}, expected ${expected}: ${text}`);
    }
    return response;
  }

  private authorization(): Record<string, string> {
    const { auth } = this.target;
    if (auth === undefined) return {};
    if ('token' in auth) return { authorization: `Bearer ${auth.token}` };
    return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
  }
}
