/**
 * The TLS settings of each registry: the CAs it is trusted with (Node's bundled roots, the system's bundle,
 * `NODE_EXTRA_CA_CERTS`, and the registry's own `ca` file), its client certificate and key for mutual TLS,
 * and whether certificates are verified at all (not for `insecure` hosts). Building a secure context from a
 * few hundred CA certificates takes tens of milliseconds, so each one is built once, and only when a TLS
 * connection needs it; PEM files are read once.
 */

import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { RegistryConfig } from '../config/types.js';
import { RegistryError } from './errors.js';

/** TLS settings for an origin, applied when its connection pool is created. */
export interface TlsSettings {
  /** The trusted CAs and the client certificate, built on first use. Throws `RegistryError` for an unusable file. */
  secureContext: () => SecureContext;
  rejectUnauthorized: boolean;
}

/** Where Linux distributions and macOS keep the system's CA bundle (the list Go, and so docker, reads). */
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

export class TlsFiles {
  private readonly pem = new Map<string, string>();
  private readonly contexts = new Map<string, SecureContext>();
  private trusted: string[] | undefined;

  constructor(private readonly env: Record<string, string | undefined>) {}

  /** The settings for a registry whose configuration is `config` (keyed `host`). */
  settingsFor(config: RegistryConfig, host: string): TlsSettings {
    return { secureContext: () => this.contextFor(config, host), rejectUnauthorized: config.insecure !== true };
  }

  private contextFor({ ca, certificate, key }: RegistryConfig, host: string): SecureContext {
    const cacheKey = JSON.stringify([ca, certificate, key]);
    let context = this.contexts.get(cacheKey);
    if (context === undefined) {
      const read = (file: string, what: string) => this.read(file, `the ${what} file ${file} configured for ${host}`, host);
      const options = {
        ca: ca === undefined ? this.trustedCas(host) : [...this.trustedCas(host), read(ca, 'CA')],
        ...(certificate === undefined ? {} : { cert: read(certificate, 'client certificate') }),
        ...(key === undefined ? {} : { key: read(key, 'client key') }),
      };
      try {
        context = createSecureContext(options);
      } catch (error) {
        throw unusable(`the TLS files configured for ${host}: ${(error as Error).message}`, host);
      }
      this.contexts.set(cacheKey, context);
    }
    return context;
  }

  /** The CAs every connection trusts. */
  private trustedCas(host: string): string[] {
    if (this.trusted === undefined) {
      const extra = this.env.NODE_EXTRA_CA_CERTS;
      const extraPem = extra === undefined || extra === '' ? [] : [this.read(extra, `the NODE_EXTRA_CA_CERTS file ${extra}`, host)];
      this.trusted = [...rootCertificates, ...systemBundle(this.env.SSL_CERT_FILE), ...extraPem];
    }
    return this.trusted;
  }

  private read(file: string, what: string, host: string): string {
    let text = this.pem.get(file);
    if (text === undefined) {
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw unusable(`${what}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, host);
      }
      this.pem.set(file, text);
    }
    return text;
  }
}

/** The first readable system bundle (`SSL_CERT_FILE` first), or none. */
function systemBundle(sslCertFile: string | undefined): string[] {
  for (const file of [sslCertFile, ...SYSTEM_BUNDLES]) {
    if (file === undefined || file === '') continue;
    try {
      return [readFileSync(file, 'utf8')];
    } catch {
      // not on this system: the next candidate
    }
  }
  return [];
}

function unusable(what: string, host: string): RegistryError {
  return new RegistryError(`cannot read ${what}`, { reason: 'unreachable', url: `https://${host}/`, retryable: false });
}
