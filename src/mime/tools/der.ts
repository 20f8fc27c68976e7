/**
 * Just enough ASN.1 BER/DER (ITU-T X.690) to read the CMS structures of
 * S/MIME (RFC 5652): tag, length (definite or indefinite) and children.
 * Certificates themselves are handed to node:crypto's X509Certificate.
 */

export type DerNode = {
  readonly tag: number;
  /** Offset of the tag octet. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Offset after the last content octet. */
  readonly contentEnd: number;
  /** Offset after the node (after the end-of-contents octets of an indefinite length). */
  readonly end: number;
};

/** How deep constructed values may nest before we give up (bounded cost on hostile input). */
export const MAX_DER_DEPTH = 32;

export class DerError extends Error {
  readonly code = 'E_BAD_DER';
}

/** Reads the node at `pos`. */
export function readNode(buf: Uint8Array, pos: number, depth = 0): DerNode {
  if (depth > MAX_DER_DEPTH) throw new DerError('ASN.1 nested too deep');
  const tag = buf[pos];
  if (tag === undefined || (tag & 0x1f) === 0x1f) throw new DerError('bad or unsupported ASN.1 tag');
  let p = pos + 1;
  const first = buf[p++];
  if (first === undefined) throw new DerError('ASN.1 value cut short');
  if (first === 0x80) {
    if ((tag & 0x20) === 0) throw new DerError('indefinite length on a primitive value');
    // indefinite: children until the end-of-contents octets 00 00
    let q = p;
    while (!(buf[q] === 0 && buf[q + 1] === 0)) {
      if (q >= buf.length) throw new DerError('no end-of-contents octets');
      q = readNode(buf, q, depth + 1).end;
    }
    return { tag, start: pos, contentStart: p, contentEnd: q, end: q + 2 };
  }
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4) throw new DerError('ASN.1 length too large');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (buf[p++] ?? 0);
  }
  if (p + length > buf.length) throw new DerError('ASN.1 value runs past the end of the data');
  return { tag, start: pos, contentStart: p, contentEnd: p + length, end: p + length };
}

/** The nodes inside a constructed node. */
export function children(buf: Uint8Array, node: DerNode, depth = 0): DerNode[] {
  const out: DerNode[] = [];
  for (let p = node.contentStart; p < node.contentEnd; ) {
    const child = readNode(buf, p, depth + 1);
    out.push(child);
    p = child.end;
  }
  return out;
}

/** Dotted text of an OBJECT IDENTIFIER node. */
export function oid(buf: Uint8Array, node: DerNode): string {
  const parts: number[] = [];
  let v = 0;
  for (let i = node.contentStart; i < node.contentEnd; i++) {
    v = v * 128 + (buf[i]! & 0x7f);
    if ((buf[i]! & 0x80) === 0) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** Hex of an INTEGER's content (upper case, as X509Certificate.serialNumber). */
export function integerHex(buf: Uint8Array, node: DerNode): string {
  let hex = Buffer.from(buf.subarray(node.contentStart, node.contentEnd)).toString('hex').toUpperCase();
  while (hex.startsWith('00') && hex.length > 2) hex = hex.slice(2);
  return hex;
}

/** Text of a string or time value (UTF8String, PrintableString, IA5String, BMPString, UTCTime...). */
export function stringValue(buf: Uint8Array, node: DerNode): string {
  const bytes = Buffer.from(buf.subarray(node.contentStart, node.contentEnd));
  if (node.tag === 0x1e) return bytes.swap16().toString('utf16le');
  return node.tag === 0x0c ? bytes.toString('utf8') : bytes.toString('latin1');
}

const NAME_KEYS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/** An X.501 Name as "CN=..., O=...", in the order written. */
export function nameText(buf: Uint8Array, node: DerNode): string {
  const out: string[] = [];
  for (const rdn of children(buf, node)) {
    for (const atv of children(buf, rdn)) {
      const [type, value] = children(buf, atv);
      if (type === undefined || value === undefined) continue;
      const key = oid(buf, type);
      out.push(`${NAME_KEYS[key] ?? key}=${stringValue(buf, value)}`);
    }
  }
  return out.join(', ');
}

/** A UTCTime or GeneralizedTime node as an ISO date. */
export function timeValue(buf: Uint8Array, node: DerNode): string | undefined {
  const s = stringValue(buf, node);
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s);
  if (!m) return undefined;
  const year = m[1]!.length === 2 ? (Number(m[1]) < 50 ? 2000 : 1900) + Number(m[1]) : Number(m[1]);
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0))).toISOString();
}
