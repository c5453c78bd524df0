/** The error of the forge clients. */

/** A forge API call that failed: the request (never its token), the status, and the API's own message. */
export class ForgeError extends Error {
  override name = 'ForgeError';
  constructor(
    message: string,
    readonly method: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
