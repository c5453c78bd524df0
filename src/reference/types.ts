/**
 * An image reference, split into its parts: `domain/path:tag@digest`.
 *
 * `domain` is null only for a reference that was not normalized (from `parse` or `withName`) and has no domain
 * part; `tag` and `digest` are null when absent.
 */
export interface Reference {
  domain: string | null;
  path: string;
  tag: string | null;
  digest: string | null;
}

/** A reference with its domain filled in, e.g. `ubuntu` as `docker.io` + `library/ubuntu`. */
export interface NormalizedReference extends Reference {
  domain: string;
}

/** A reference that is only a digest, e.g. `sha256:...` (Go's `digestReference`). */
export interface DigestReference {
  digest: string;
}
