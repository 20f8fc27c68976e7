/**
 * What a learner should see after a TLS handshake (version, cipher, certificate subject, issuer,
 * validity, SHA-256 fingerprint), and why a certificate was not trusted, in plain words.
 */
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { TlsSummary } from './events.js';

function dn(text: string): string {
  return text.split('\n').filter(Boolean).join(', ');
}

function isoDate(text: string): string {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

/** The summary of a finished handshake. `authorized` and `verifyError` come from Node's verification. */
export function summarizeTls(socket: TLSSocket, host: string): TlsSummary {
  const peer = socket.getPeerCertificate();
  const raw = peer && 'raw' in peer ? peer.raw : undefined;
  const x509 = raw ? new X509Certificate(raw) : undefined;
  const authorized = socket.authorized;
  const code = authorized ? undefined : String(socket.authorizationError ?? 'UNKNOWN');
  const base = {
    version: socket.getProtocol() ?? 'unknown',
    cipher: socket.getCipher()?.standardName ?? socket.getCipher()?.name ?? 'unknown',
    subject: x509 ? dn(x509.subject) : '(no certificate)',
    issuer: x509 ? dn(x509.issuer) : '(no certificate)',
    validFrom: x509 ? isoDate(x509.validFrom) : '',
    validTo: x509 ? isoDate(x509.validTo) : '',
    fingerprint256: x509?.fingerprint256 ?? '',
    authorized,
  };
  if (code === undefined) return base;
  return { ...base, verifyError: explainVerifyError(code, { host, subject: base.subject, issuer: base.issuer, validFrom: base.validFrom, validTo: base.validTo, altNames: x509?.subjectAltName }) };
}

type CertFacts = {
  readonly host: string;
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly altNames: string | undefined;
};

/**
 * Node's (OpenSSL's) verification error codes in plain words. Unknown codes are shown as they are.
 * https://nodejs.org/api/tls.html#x509-certificate-error-codes
 */
export function explainVerifyError(code: string, cert: CertFacts): string {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return `the certificate is self-signed: it vouches for itself (${cert.subject}) and no certificate authority you trust signed it`;
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return `the certificate chain ends in a self-signed root (${cert.issuer}) that you do not trust`;
    case 'CERT_HAS_EXPIRED':
      return `the certificate expired on ${cert.validTo}`;
    case 'CERT_NOT_YET_VALID':
      return `the certificate is not valid until ${cert.validFrom}; check this computer's clock`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `host name mismatch: the certificate is for ${cert.altNames ?? cert.subject}, not for ${cert.host}`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `unknown issuer: the certificate was signed by ${cert.issuer}, which you do not trust (or the server did not send the intermediate certificate)`;
    case 'CERT_REVOKED':
      return 'the certificate has been revoked by its issuer';
    case 'CERT_SIGNATURE_FAILURE':
      return 'the certificate signature does not verify: it was altered or forged';
    case 'HOSTNAME_MISMATCH':
      return `host name mismatch: the certificate is not for ${cert.host}`;
    default:
      return `the certificate could not be verified (${code})`;
  }
}

/** The hint after a verification failure. */
export const TLS_VERIFY_TRY = '--insecure to continue anyway, or --ca FILE with the certificate (or CA) you trust';
