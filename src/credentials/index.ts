/** Registry credentials as docker and podman keep them: auth files, credential helpers, basepin's own configuration. */

export { CredentialStore } from './store.js';
export { CredentialsError, type Credentials } from './types.js';
