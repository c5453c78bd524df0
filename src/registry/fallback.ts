/**
 * Running an operation at a registry's endpoints in turn, like containerd with `hosts.toml`: each mirror in
 * order, then the host itself. A mirror's failure (a registry error, or unusable credentials for the mirror's
 * host) is logged and the next endpoint tried; the host's own failure is thrown, its message extended with what
 * the mirrors answered. An `insecure` host that turns out not to speak TLS is asked again in plain HTTP, and
 * remembered as such.
 */

import { CredentialsError } from '../credentials/index.js';
import { speaksPlainHttp } from './connection-error.js';
import type { Endpoint } from './endpoint.js';
import { RegistryError } from './errors.js';

export class EndpointFallback {
  /** HTTPS origins of `insecure` hosts found to speak plain HTTP. */
  private readonly plainHttp = new Set<string>();

  constructor(private readonly log: (line: string) => void) {}

  /** The result of `operation` at the first of `endpoints` (the host itself last) where it succeeds. */
  async run<T>(endpoints: Endpoint[], operation: (endpoint: Endpoint) => Promise<T>): Promise<T> {
    const mirrorFailures: Error[] = [];
    for (const endpoint of endpoints.slice(0, -1)) {
      try {
        return await this.at(endpoint, operation);
      } catch (error) {
        if (!(error instanceof RegistryError || error instanceof CredentialsError)) throw error;
        this.log(`mirror ${endpoint.mirror} failed: ${error.message}; trying the next endpoint`);
        mirrorFailures.push(error);
      }
    }
    try {
      return await this.at(endpoints[endpoints.length - 1], operation);
    } catch (error) {
      throw error instanceof RegistryError ? afterMirrors(error, mirrorFailures) : error;
    }
  }

  private async at<T>(endpoint: Endpoint, operation: (endpoint: Endpoint) => Promise<T>): Promise<T> {
    const { plainHttpOrigin } = endpoint;
    if (plainHttpOrigin === undefined) return operation(endpoint);
    if (this.plainHttp.has(endpoint.origin)) return operation({ ...endpoint, origin: plainHttpOrigin });
    try {
      return await operation(endpoint);
    } catch (error) {
      if (!speaksPlainHttp(error)) throw error;
      this.log(`${endpoint.origin} does not speak TLS; using ${plainHttpOrigin} (insecure: true)`);
      this.plainHttp.add(endpoint.origin);
      return operation({ ...endpoint, origin: plainHttpOrigin });
    }
  }
}

/** The host's own error, its message extended with what the mirrors answered before it. */
function afterMirrors(error: RegistryError, mirrorFailures: Error[]): RegistryError {
  if (mirrorFailures.length === 0) return error;
  const tried = mirrorFailures.map((failure) => failure.message).join('; ');
  const { reason, status, codes, url, retryable } = error;
  return new RegistryError(`${error.message} (after the mirrors failed: ${tried})`, {
    reason,
    status,
    codes,
    url,
    retryable,
    cause: error,
  });
}
