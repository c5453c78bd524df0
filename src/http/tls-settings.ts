/**
 * The TLS settings of each server (a registry, a forge): the CAs it is trusted with (Node's bundled roots, the system's bundle,
 * `NODE_EXTRA_CA_CERTS`, and the registry's own `ca` file), its client certificate and key for mutual TLS,
 * and whether certificates are verified at all (not for `insecure` hosts). Building a secure context from a
 * few hundred CA certificates takes tens of milliseconds, so each one is built once, and only when a TLS
 * connection needs it; PEM files are read once.
 */

import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { defaults } from '../defaults.js';
import { readTextFile, UnreadableFileError } from '../files/light.js';

/** The TLS part of a server's configuration (a `RegistryConfig` is one). */
export interface TlsConfig {
  /** A PEM file of CAs trusted besides the usual ones. */
  ca?: string;
  /** Client certificate and key (PEM files), for mutual TLS. */
  certificate?: string;
  key?: string;
  /** Certificates are not verified. */
  insecure?: boolean;
}

/** Makes the error thrown for an unusable TLS file (`what` names it) of `host`. */
export type UnusableTls = (what: string, host: string) => Error;

/** TLS settings for an origin, applied when its connection pool is created. */
export interface TlsSettings {
  /** The trusted CAs and the client certificate, built on first use. Throws `UnusableTls`'s error for a bad file. */
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

  constructor(
    private readonly env: Record<string, string | undefined>,
    private readonly unusable: UnusableTls = (what) => new Error(`cannot read ${what}`),
  ) {}

  /** The settings for a registry whose configuration is `config` (keyed `host`). */
  settingsFor(config: TlsConfig, host: string): TlsSettings {
    return { secureContext: () => this.contextFor(config, host), rejectUnauthorized: config.insecure !== true };
  }

  private contextFor({ ca, certificate, key }: TlsConfig, host: string): SecureContext {
    const cacheKey = JSON.stringify([ca, certificate, key]);
    let context = this.contexts.get(cacheKey);
    if (context === undefined) {
      const read = (file: string, setting: string) => this.read(file, `registries.${host}.${setting} (${file})`, host);
      const options = {
        ca: ca === undefined ? this.trustedCas(host) : [...this.trustedCas(host), read(ca, 'ca')],
        ...(certificate === undefined ? {} : { cert: read(certificate, 'certificate') }),
        ...(key === undefined ? {} : { key: read(key, 'key') }),
      };
      try {
        context = createSecureContext(options);
      } catch (error) {
        throw this.unusable(`the TLS files configured for ${host}: ${(error as Error).message}`, host);
      }
      this.contexts.set(cacheKey, context);
    }
    return context;
  }

  /** The CAs every connection trusts. */
  private trustedCas(host: string): string[] {
    if (this.trusted === undefined) {
      const extra = this.env.NODE_EXTRA_CA_CERTS;
      const extraPem =
        extra === undefined || extra === '' ? [] : [this.read(extra, `the NODE_EXTRA_CA_CERTS file ${extra}`, host)];
      this.trusted = [...rootCertificates, ...systemBundle(this.env.SSL_CERT_FILE, host, this.unusable), ...extraPem];
    }
    return this.trusted;
  }

  private read(file: string, what: string, host: string): string {
    let text = this.pem.get(file);
    if (text === undefined) {
      try {
        text = readPem(file);
      } catch (error) {
        const why = error instanceof UnreadableFileError ? error.message : (error as NodeJS.ErrnoException).code;
        throw this.unusable(`${what}: ${why ?? String(error)}`, host);
      }
      this.pem.set(file, text);
    }
    return text;
  }
}

/**
 * The first readable system bundle (`SSL_CERT_FILE` first), or none. An `SSL_CERT_FILE` that exists but is no
 * regular file or is over the cap is an error, not skipped: the user chose it.
 */
function systemBundle(sslCertFile: string | undefined, host: string, unusable: UnusableTls): string[] {
  for (const file of [sslCertFile, ...SYSTEM_BUNDLES]) {
    if (file === undefined || file === '') continue;
    try {
      return [readPem(file)];
    } catch (error) {
      if (error instanceof UnreadableFileError && file === sslCertFile) {
        throw unusable(`the SSL_CERT_FILE file ${file}: ${error.message}`, host);
      }
      // not on this system: the next candidate
    }
  }
  return [];
}

/** A PEM file's text: a regular file of at most `maxCertificateFileBytes` (a CA bundle is a few hundred KiB). */
function readPem(file: string): string {
  return readTextFile(file, defaults.maxCertificateFileBytes);
}
