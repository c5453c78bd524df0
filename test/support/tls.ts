/**
 * Throwaway TLS material made with `openssl` for TLS registries in tests: a self-signed certificate for
 * 127.0.0.1, or a test CA with a server certificate (127.0.0.1, localhost and `registry.test`, a name only
 * the test proxy resolves) and a client certificate for mutual TLS.
 */

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CertificateFiles {
  /** PEM certificate; also the CA to trust, since it signs itself. */
  certificate: string;
  key: string;
}

export interface TestPki {
  /** PEM file of the test CA's certificate. */
  ca: string;
  /** The server's certificate and key, signed by the CA. */
  server: CertificateFiles;
  /** A client certificate and key signed by the CA, for mutual TLS. */
  client: CertificateFiles;
}

/** Writes `cert.pem` and `key.pem` for IP 127.0.0.1 into `dir`. */
export function makeLoopbackCertificate(dir: string): CertificateFiles {
  const certificate = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    certificate,
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  );
  return { certificate, key };
}

/** Writes a test CA, a server certificate and a client certificate (PEM) into `dir`. */
export function makeTestPki(dir: string): TestPki {
  const ca = { certificate: join(dir, 'ca.pem'), key: join(dir, 'ca-key.pem') };
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    ca.key,
    '-out',
    ca.certificate,
    '-days',
    '2',
    '-subj',
    '/CN=basepin test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
  );
  const server = signed(
    dir,
    'server',
    ca,
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:registry.test\nextendedKeyUsage=serverAuth',
  );
  const client = signed(dir, 'client', ca, 'extendedKeyUsage=clientAuth');
  return { ca: ca.certificate, server, client };
}

function signed(dir: string, name: string, ca: CertificateFiles, extensions: string): CertificateFiles {
  const files = { certificate: join(dir, `${name}.pem`), key: join(dir, `${name}-key.pem`) };
  const request = join(dir, `${name}.csr`);
  const extFile = join(dir, `${name}.ext`);
  writeFileSync(extFile, `${extensions}\n`);
  openssl(
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    files.key,
    '-out',
    request,
    '-subj',
    `/CN=basepin test ${name}`,
  );
  openssl(
    'x509',
    '-req',
    '-in',
    request,
    '-CA',
    ca.certificate,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-out',
    files.certificate,
    '-days',
    '2',
    '-extfile',
    extFile,
  );
  return files;
}

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}
