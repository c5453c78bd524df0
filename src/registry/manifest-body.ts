/**
 * Whether a registry's answer is a manifest at all, the way the OCI image and distribution specs define one: a JSON
 * object with `schemaVersion: 2` whose media type (its `mediaType` field, else the `Content-Type`) is one of the four
 * basepin accepts, the field and the header agreeing when both name a manifest type (the distribution spec: a client
 * should reject a manifest whose `mediaType` is not the type it was served as), and the shape of that type (an index
 * or list has `manifests`, an image manifest `config` and `layers`). A captive portal's HTML page, a truncated or
 * binary body, or an error page served with 200 are not manifests: their hash is no image's digest.
 */

import { isIndexMediaType, isManifestMediaType } from './media-types.js';

/** The manifest's media type, or what the body is instead (`{ problem }`), phrased to follow "answered ... with". */
export function manifestMediaType(
  body: Buffer,
  contentType: string | undefined,
): { mediaType: string } | { problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { problem: `a body that is not JSON (${describeType(contentType)}, ${body.length} bytes)` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { problem: `JSON that is not a manifest (${describeType(contentType)})` };
  }
  const manifest = parsed as Record<string, unknown>;
  if (manifest.schemaVersion !== 2) {
    return {
      problem: `JSON that is not a schema 2 manifest or index (schemaVersion ${JSON.stringify(manifest.schemaVersion) ?? 'missing'})`,
    };
  }
  const field = typeof manifest.mediaType === 'string' ? manifest.mediaType : undefined;
  if (field !== undefined && !isManifestMediaType(field))
    return { problem: `a document of media type ${field}, not a manifest` };
  if (field !== undefined && isManifestMediaType(contentType) && field !== contentType) {
    return { problem: `a manifest whose mediaType ${field} is not its Content-Type ${contentType}` };
  }
  const mediaType = field ?? contentType;
  if (!isManifestMediaType(mediaType)) {
    return {
      problem: `a manifest that names no manifest media type (${describeType(contentType)}, no mediaType field)`,
    };
  }
  const shaped = isIndexMediaType(mediaType)
    ? Array.isArray(manifest.manifests)
    : typeof manifest.config === 'object' && manifest.config !== null && Array.isArray(manifest.layers);
  return shaped ? { mediaType } : { problem: `a ${mediaType} without the fields of one` };
}

function describeType(contentType: string | undefined): string {
  return contentType === undefined ? 'no Content-Type' : `Content-Type ${contentType}`;
}
