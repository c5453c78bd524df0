/** Credentials for one registry host, as `docker login` and the credential helpers keep them. */

export type Credentials =
  /** A user name and a password (or an access token used as one). */
  | { kind: 'password'; username: string; password: string }
  /** An OAuth2 refresh token (`identitytoken`), exchanged at the registry's token server with the `refresh_token` grant. */
  | { kind: 'identity-token'; username: string; identityToken: string };

/** Credentials and where they came from (a file path, a helper's name), for `--verbose`. Never printed: the values. */
export interface FoundCredentials {
  credentials: Credentials;
  source: string;
}

/** Credentials that exist but cannot be used: an unreadable auth file, a failing helper, a missing variable. */
export class CredentialsError extends Error {
  override name = 'CredentialsError';
}
