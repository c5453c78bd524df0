/** What can be wrong with an image's manifests and config, as opposed to the registry that served them. */

export type ImageErrorReason =
  /** A manifest, index or config that cannot be read (bad JSON, missing fields, an unsupported media type). */
  | 'format'
  /** The platform asked for is not in the index, or a single-platform image is for another one. */
  | 'platform';

export class ImageError extends Error {
  readonly reason: ImageErrorReason;
  /** The digest of the manifest or blob concerned, when there is one. */
  readonly digest?: string;

  constructor(message: string, details: { reason: ImageErrorReason; digest?: string }) {
    super(message);
    this.name = 'ImageError';
    this.reason = details.reason;
    this.digest = details.digest;
  }
}
