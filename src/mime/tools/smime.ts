/**
 * S/MIME in a message (RFC 8551): what kind, who signed it with which
 * certificate, and whether the signature holds.
 *
 * - multipart/signed; protocol="application/pkcs7-signature" (RFC 1847, RFC 8551 §3.5.3):
 *   part 1 is the signed content exactly as written (canonical CRLF), part 2
 *   the detached CMS signature.
 * - application/pkcs7-mime; smime-type=signed-data: the content is inside the CMS blob.
 * - application/pkcs7-mime; smime-type=enveloped-data: encrypted for the listed recipients.
 */

import { findParam } from '../content-params.js';
import type { MimePart } from '../part-types.js';
import { readCms, type CertInfo, type CmsInfo } from './cms.js';
import { MAX_SMIME_CHECKS } from './limits.js';
import { decodeBody, partLabel } from './part-report.js';
import { verifyCms, type SignatureCheck } from './smime-verify.js';

export type SmimeReport = {
  readonly part: string;
  readonly kind: 'signed' | 'signed-opaque' | 'encrypted' | 'other';
  readonly protocol?: string;
  readonly micalg?: string;
  readonly smimeType?: string;
  readonly cms?: CmsInfo;
  /** The certificate that matches the first signer, with whether it is valid now and was at signing time. */
  readonly signer?: CertInfo & { readonly validNow: boolean; readonly validAtSigning?: boolean };
  readonly signature: SignatureCheck | { readonly status: 'not-signed'; readonly detail: string };
  /** The CMS data could not be read. */
  readonly error?: string;
};

export type SmimeOptions = {
  /** Run openssl to check signatures (default true). */
  readonly verify?: boolean;
  /** "Now", for the certificate validity check. */
  readonly now?: Date;
};

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

function typeOf(part: MimePart): string {
  const ct = part.content.contentType;
  return ct === null ? '' : `${ct.type}/${ct.subtype}`.toLowerCase();
}

/** Signed MIME entities are hashed in canonical form: every line end CRLF (RFC 8551 §3.1.1). */
function canonical(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
}

function within(cert: CertInfo, when: Date): boolean {
  return Date.parse(cert.notBefore) <= when.getTime() && when.getTime() <= Date.parse(cert.notAfter);
}

function signerOf(cms: CmsInfo, now: Date): SmimeReport['signer'] {
  if (cms.type !== 'signedData' || !('signers' in cms)) return undefined;
  const first = cms.signers[0];
  const cert = cms.certificates.find((c) => first?.serial !== undefined && c.serial === first.serial) ?? cms.certificates[0];
  if (cert === undefined) return undefined;
  const at = first?.signingTime;
  return { ...cert, validNow: within(cert, now), ...(at ? { validAtSigning: within(cert, new Date(at)) } : {}) };
}

/** openssl runs left for this message (MAX_SMIME_CHECKS). */
type CheckBudget = { left: number };

function analyse(
  blob: Buffer,
  content: Buffer | null,
  base: Omit<SmimeReport, 'signature' | 'cms' | 'signer'>,
  opts: SmimeOptions,
  budget: CheckBudget,
): SmimeReport {
  let cms: CmsInfo;
  try {
    cms = readCms(blob);
  } catch (err) {
    return { ...base, signature: { status: 'unchecked', detail: 'the CMS data cannot be read' }, error: (err as Error).message };
  }
  const signer = signerOf(cms, opts.now ?? new Date());
  if (cms.type !== 'signedData') {
    return { ...base, cms, signature: { status: 'not-signed', detail: 'encrypted, not signed: only a recipient\'s private key can open it' } };
  }
  let signature: SignatureCheck;
  if (opts.verify === false) signature = { status: 'unchecked', detail: 'not checked (--no-verify)' };
  else if (budget.left <= 0) signature = { status: 'unchecked', detail: `not checked: at most ${MAX_SMIME_CHECKS} signatures of a message are checked` };
  else {
    budget.left--;
    signature = verifyCms(blob, content);
  }
  return { ...base, cms, ...(signer ? { signer } : {}), signature };
}

/** The S/MIME structures of a message, in tree order. */
export function findSmime(raw: Buffer, root: MimePart, opts: SmimeOptions = {}): SmimeReport[] {
  const found: SmimeReport[] = [];
  collect(raw, root, opts, found, { left: MAX_SMIME_CHECKS });
  return found;
}

function collect(raw: Buffer, root: MimePart, opts: SmimeOptions, found: SmimeReport[], budget: CheckBudget): void {
  const type = typeOf(root);
  const params = root.content.contentType?.params ?? [];
  const label = partLabel(root);
  if (root.kind === 'multipart' && type === 'multipart/signed' && lower(findParam(params, 'protocol')).includes('pkcs7-signature')) {
    const [signed, sig] = root.children;
    if (signed !== undefined && sig !== undefined) {
      const content = canonical(raw.subarray(signed.headerOffset, signed.bodyOffset + signed.bodyLength));
      const base = { part: label, kind: 'signed' as const, protocol: findParam(params, 'protocol')!, ...(findParam(params, 'micalg') ? { micalg: findParam(params, 'micalg')! } : {}) };
      found.push(analyse(decodeBody(raw, sig), content, base, opts, budget));
    }
  } else if (root.kind === 'leaf' && /^application\/(x-)?pkcs7-mime$/.test(type)) {
    const smimeType = lower(findParam(params, 'smime-type'));
    const kind = smimeType === 'enveloped-data' || smimeType === 'authenveloped-data' ? 'encrypted' : smimeType === 'signed-data' ? 'signed-opaque' : 'other';
    found.push(analyse(decodeBody(raw, root), null, { part: label, kind, ...(smimeType ? { smimeType } : {}) }, opts, budget));
  }
  for (const child of root.children) collect(raw, child, opts, found, budget);
}
