/**
 * The sandbox's TLS certificate: generated on first start and kept in the data directory
 * (design.md "TLS"), or supplied with --cert and --key.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import { generate } from 'selfsigned';

export type CertificateInfo = {
  readonly key: string;
  readonly cert: string;
  readonly context: SecureContext;
  /** SHA-256 fingerprint as colon-separated hex, as `openssl x509 -fingerprint -sha256` prints it. */
  readonly fingerprint256: string;
  readonly subject: string;
  /** True when this start generated a new certificate. */
  readonly generated: boolean;
};

/** Days the generated certificate is valid. */
export const GENERATED_CERT_DAYS = 825;

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** A certificate or key the user supplied (or left in the data directory) that cannot be used. */
export class CertificateError extends Error {}

function describe(key: string, cert: string, generated: boolean, where: string): CertificateInfo {
  let x509: X509Certificate;
  let context: SecureContext;
  try {
    x509 = new X509Certificate(cert);
    context = createSecureContext({ key, cert, minVersion: 'TLSv1.2' });
  } catch (err) {
    // OpenSSL's reasons ("key values mismatch", "no start line") are terse but name the problem.
    const reason = (err as Error).message.replace(/^error:[0-9A-F]+:[^:]*:[^:]*:/, '');
    throw new CertificateError(`cannot use the TLS certificate and key ${where}: ${reason}`);
  }
  return {
    key,
    cert,
    context,
    fingerprint256: x509.fingerprint256,
    subject: x509.subject.replace(/\n/g, ', '),
    generated,
  };
}

async function readSupplied(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new CertificateError(`cannot read the TLS ${what} ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'a directory, not a file' : e.message}`);
  }
}

/** Loads --cert/--key, or the certificate in DATA/tls, generating it the first time. */
export async function loadCertificate(opts: { dataDir: string; domain: string; certFile?: string; keyFile?: string }): Promise<CertificateInfo> {
  if (opts.certFile || opts.keyFile) {
    if (!opts.certFile || !opts.keyFile) throw new CertificateError(`--cert and --key go together: ${opts.certFile ? '--key' : '--cert'} is missing`);
    const [key, cert] = [await readSupplied(opts.keyFile, 'key'), await readSupplied(opts.certFile, 'certificate')];
    return describe(key, cert, false, `${opts.certFile} and ${opts.keyFile}`);
  }
  const dir = join(opts.dataDir, 'tls');
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  const [key, cert] = await Promise.all([readIfExists(keyPath), readIfExists(certPath)]);
  if (key && cert) return describe(key, cert, false, `in ${dir}`);
  const notBefore = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: opts.domain }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: new Date(notBefore.getTime() + GENERATED_CERT_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: opts.domain },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(keyPath, pems.private, { mode: 0o600 });
  await writeFile(certPath, pems.cert, { mode: 0o644 });
  return describe(pems.private, pems.cert, true, `generated in ${dir}`);
}

/** SHA-256 of a DER certificate, colon-separated upper-case hex. */
export function fingerprintOf(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}
