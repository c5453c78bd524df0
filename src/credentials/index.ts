/** Registry credentials as docker and podman keep them: auth files, credential helpers, basepin's own configuration. */

export { CredentialStore, type CredentialStoreOptions } from './store.js';
export { CredentialsError, type Credentials, type FoundCredentials } from './types.js';
