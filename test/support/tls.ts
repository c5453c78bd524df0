/** A throwaway self-signed certificate for 127.0.0.1, made with `openssl`, for TLS registries in tests. */

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface CertificateFiles {
  /** PEM certificate; also the CA to trust, since it signs itself. */
  certificate: string;
  key: string;
}

/** Writes `cert.pem` and `key.pem` for IP 127.0.0.1 into `dir`. */
export function makeLoopbackCertificate(dir: string): CertificateFiles {
  const certificate = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certificate, '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  return { certificate, key };
}
