/**
 * What S/MIME's CMS blobs say (RFC 5652, RFC 8551): for SignedData the
 * certificates, the digest algorithm and the signing time; for EnvelopedData
 * who it is encrypted for and with what. The signature itself is checked by
 * `openssl cms` (smime-verify.ts).
 *
 *   ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }
 *   SignedData  ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo,
 *                    certificates [0] IMPLICIT OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET }
 *   SignerInfo  ::= SEQUENCE { version, sid, digestAlgorithm, signedAttrs [0] IMPLICIT OPTIONAL,
 *                    signatureAlgorithm, signature OCTET STRING, ... }
 *   EnvelopedData ::= SEQUENCE { version, originatorInfo [0] OPTIONAL, recipientInfos SET, encryptedContentInfo, ... }
 */

import { X509Certificate } from 'node:crypto';
import { children, integerHex, nameText, oid, readNode, timeValue, type DerNode } from './der.js';

export const OIDS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.7.1': 'data',
  '1.2.840.113549.1.7.2': 'signedData',
  '1.2.840.113549.1.7.3': 'envelopedData',
  '1.2.840.113549.1.9.16.1.23': 'authEnvelopedData',
  '1.2.840.113549.1.9.16.1.9': 'compressedData',
  '1.3.14.3.2.26': 'sha1',
  '1.2.840.113549.2.5': 'md5',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '2.16.840.1.101.3.4.1.2': 'aes128-cbc',
  '2.16.840.1.101.3.4.1.22': 'aes192-cbc',
  '2.16.840.1.101.3.4.1.42': 'aes256-cbc',
  '2.16.840.1.101.3.4.1.6': 'aes128-gcm',
  '2.16.840.1.101.3.4.1.46': 'aes256-gcm',
  '1.2.840.113549.3.7': 'des-ede3-cbc',
  '1.2.840.113549.3.2': 'rc2-cbc',
  '1.2.840.113549.1.1.1': 'rsaEncryption',
  '1.2.840.113549.1.1.7': 'rsaes-oaep',
};
const SIGNING_TIME = '1.2.840.113549.1.9.5';

const named = (id: string) => OIDS[id] ?? id;

export type CertInfo = {
  readonly subject: string;
  readonly issuer: string;
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly fingerprint256: string;
  /** Subject alternative names (email addresses), when present. */
  readonly altNames?: string;
};

export type SignedDataInfo = {
  readonly type: 'signedData';
  readonly digestAlgorithms: readonly string[];
  readonly certificates: readonly CertInfo[];
  /** Issuer and serial of each signer (SignerInfo sid). */
  readonly signers: readonly { readonly issuer?: string; readonly serial?: string; readonly signingTime?: string }[];
  /** The content is inside the blob (application/pkcs7-mime), not beside it (multipart/signed). */
  readonly encapsulated: boolean;
};

export type EnvelopedDataInfo = {
  readonly type: 'envelopedData' | 'authEnvelopedData';
  readonly recipients: readonly { readonly issuer?: string; readonly serial?: string; readonly keyAlgorithm?: string }[];
  readonly contentEncryption?: string;
};

export type CmsInfo = SignedDataInfo | EnvelopedDataInfo | { readonly type: string };

/** Multi-line X509Certificate names ("C=FR\nO=...") on one line. */
const oneLine = (s: string) => s.split('\n').filter(Boolean).join(', ');

export function certInfo(der: Uint8Array): CertInfo {
  const c = new X509Certificate(der);
  return {
    subject: oneLine(c.subject),
    issuer: oneLine(c.issuer),
    serial: c.serialNumber.toUpperCase(),
    notBefore: new Date(c.validFrom).toISOString(),
    notAfter: new Date(c.validTo).toISOString(),
    fingerprint256: c.fingerprint256,
    ...(c.subjectAltName ? { altNames: c.subjectAltName } : {}),
  };
}

function issuerAndSerial(buf: Uint8Array, node: DerNode | undefined): { issuer?: string; serial?: string } {
  if (node === undefined || node.tag !== 0x30) return {};
  const [name, serial] = children(buf, node);
  return { ...(name ? { issuer: nameText(buf, name) } : {}), ...(serial ? { serial: integerHex(buf, serial) } : {}) };
}

function signedData(buf: Uint8Array, node: DerNode): SignedDataInfo {
  const items = children(buf, node);
  const digestAlgorithms = children(buf, items[1]!).map((alg) => named(oid(buf, children(buf, alg)[0]!)));
  const encap = children(buf, items[2]!);
  const certificates: CertInfo[] = [];
  let signerSet: DerNode | undefined;
  for (const item of items.slice(3)) {
    if (item.tag === 0xa0) {
      for (const cert of children(buf, item)) {
        if (cert.tag !== 0x30) continue; // other certificate formats are not shown
        try {
          certificates.push(certInfo(buf.subarray(cert.start, cert.end)));
        } catch {
          // a certificate node.js cannot read is left out
        }
      }
    } else if (item.tag === 0x31) signerSet = item;
  }
  const signers = (signerSet ? children(buf, signerSet) : []).map((si) => {
    const f = children(buf, si);
    const attrs = f.find((n) => n.tag === 0xa0);
    let signingTime: string | undefined;
    for (const attr of attrs ? children(buf, attrs) : []) {
      const [type, values] = children(buf, attr);
      if (type && values && oid(buf, type) === SIGNING_TIME) signingTime = timeValue(buf, children(buf, values)[0]!);
    }
    return { ...issuerAndSerial(buf, f[1]), ...(signingTime ? { signingTime } : {}) };
  });
  return { type: 'signedData', digestAlgorithms, certificates, signers, encapsulated: encap.length > 1 };
}

function envelopedData(buf: Uint8Array, node: DerNode, type: EnvelopedDataInfo['type']): EnvelopedDataInfo {
  const items = children(buf, node).filter((n) => n.tag !== 0xa0);
  const recipients = children(buf, items[1]!).map((ri) => {
    // KeyTransRecipientInfo ::= SEQUENCE { version, rid, keyEncryptionAlgorithm, encryptedKey }
    if (ri.tag !== 0x30) return {};
    const f = children(buf, ri);
    const alg = f[2] ? children(buf, f[2])[0] : undefined;
    return { ...issuerAndSerial(buf, f[1]), ...(alg ? { keyAlgorithm: named(oid(buf, alg)) } : {}) };
  });
  const eci = items[2] ? children(buf, items[2]) : [];
  const alg = eci[1] ? children(buf, eci[1])[0] : undefined;
  return { type, recipients, ...(alg ? { contentEncryption: named(oid(buf, alg)) } : {}) };
}

/** Reads a DER/BER ContentInfo. Throws DerError on broken data. */
export function readCms(buf: Uint8Array): CmsInfo {
  const top = readNode(buf, 0);
  const [typeNode, wrapped] = children(buf, top);
  if (typeNode === undefined) return { type: 'unknown' };
  const type = named(oid(buf, typeNode));
  const content = wrapped ? children(buf, wrapped)[0] : undefined;
  if (content === undefined) return { type };
  if (type === 'signedData') return signedData(buf, content);
  if (type === 'envelopedData' || type === 'authEnvelopedData') return envelopedData(buf, content, type);
  return { type };
}
