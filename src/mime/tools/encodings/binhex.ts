/**
 * BinHex 4.0 (RFC 1741), the Macintosh format that put a file's two forks and
 * its Finder info into 7-bit text. Three layers, each undone in turn:
 *
 *   1. a binary stream: header, data fork, resource fork, each with a CRC:
 *        n(1) name(n) 0(1) type(4) creator(4) flags(2) dlen(4) rlen(4) hcrc(2)
 *        data(dlen) dcrc(2) rsrc(rlen) rcrc(2)              ; integers big-endian
 *   2. run-length encoding: X 0x90 n repeats X n times in all; 0x90 0x00 is a literal 0x90
 *   3. 6-bit characters from a 64-character alphabet, between ":" and ":", in
 *      lines of 64 characters, after the line "(This file must be converted with BinHex 4.0)".
 *
 * The CRC is CRC-16/XMODEM (polynomial 0x1021, initial 0).
 */

export const BINHEX_ALPHABET = '!"#$%&\'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr';
export const BINHEX_BANNER = '(This file must be converted with BinHex 4.0)';
/** Characters per line of the 6-bit text (RFC 1741: 64). */
export const BINHEX_LINE_LENGTH = 64;
const RLE_MARK = 0x90;
/**
 * Shortest run that is run-length encoded. RFC 1741 leaves it open; 5 is what
 * macutils' binhex does (a run of 4 saves one octet at best), so our output
 * is byte-identical to it.
 */
export const BINHEX_MIN_RUN = 5;

export type BinHexFile = {
  readonly name: string;
  /** Four-character Mac file type, e.g. "TEXT". */
  readonly type: string;
  readonly creator: string;
  readonly flags: number;
  readonly data: Buffer;
  readonly resource: Buffer;
};

/** CRC-16/XMODEM of `bytes`, continuing from `crc`. */
export function crc16(bytes: Uint8Array, crc = 0): number {
  for (const b of bytes) {
    crc ^= b << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function withCrc(bytes: Buffer): Buffer {
  const crc = Buffer.alloc(2);
  crc.writeUInt16BE(crc16(bytes));
  return Buffer.concat([bytes, crc]);
}

function fourChars(text: string): Buffer {
  const b = Buffer.alloc(4, 0x20);
  b.write(text.slice(0, 4), 'latin1');
  return b;
}

/**
 * Layer 2: runs of BINHEX_MIN_RUN or more equal octets become X 0x90 n (n at
 * most 255). A run of 0x90 itself stays 0x90 0x00 per octet: "0x90 0x00 0x90 n"
 * is legal, but macutils' binhex never writes it, and we write what it writes.
 */
function rleEncode(input: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < input.length; ) {
    const b = input[i]!;
    let run = 1;
    while (b !== RLE_MARK && i + run < input.length && input[i + run] === b && run < 255) run++;
    out.push(b);
    if (b === RLE_MARK) out.push(0);
    if (run >= BINHEX_MIN_RUN) {
      out.push(RLE_MARK, run);
      i += run;
    } else i++;
  }
  return Buffer.from(out);
}

function rleDecode(input: Buffer): Buffer {
  const out: number[] = [];
  let last = -1;
  for (let i = 0; i < input.length; i++) {
    const b = input[i]!;
    if (b !== RLE_MARK) {
      out.push(b);
      last = b;
      continue;
    }
    const n = input[++i];
    if (n === undefined) throw new BinHexError('the text ends inside a run-length code');
    if (n === 0) {
      out.push(RLE_MARK);
      last = RLE_MARK;
    } else {
      if (last < 0) throw new BinHexError('a run-length code with nothing to repeat');
      for (let k = 1; k < n; k++) out.push(last);
    }
  }
  return Buffer.from(out);
}

/** Encodes a file as BinHex 4.0 text (lines end in LF, as the Unix tools write them). */
export function binhexEncode(file: Partial<BinHexFile> & { readonly data: Uint8Array }): string {
  const name = Buffer.from((file.name ?? 'untitled').slice(0, 63), 'latin1');
  const data = Buffer.from(file.data);
  const resource = Buffer.from(file.resource ?? []);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(file.flags ?? 0, 0);
  fixed.writeUInt32BE(data.length, 2);
  fixed.writeUInt32BE(resource.length, 6);
  const header = Buffer.concat([Buffer.from([name.length]), name, Buffer.from([0]), fourChars(file.type ?? '????'), fourChars(file.creator ?? '????'), fixed]);
  const stream = rleEncode(Buffer.concat([withCrc(header), withCrc(data), withCrc(resource)]));
  let text = ':';
  for (let i = 0; i < stream.length; i += 3) {
    const n = Math.min(3, stream.length - i);
    const v = (stream[i]! << 16) | ((stream[i + 1] ?? 0) << 8) | (stream[i + 2] ?? 0);
    for (let k = 0; k <= n; k++) text += BINHEX_ALPHABET[(v >> (18 - 6 * k)) & 63];
  }
  text += ':';
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += BINHEX_LINE_LENGTH) lines.push(text.slice(i, i + BINHEX_LINE_LENGTH));
  return `${BINHEX_BANNER}\n${lines.join('\n')}\n`;
}

export class BinHexError extends Error {
  readonly code = 'E_BAD_BINHEX';
}

/** Layer 3 undone: the octets between the two colons after the banner. */
function sixBitDecode(text: string): Buffer {
  const banner = text.indexOf('(This file must be converted');
  const start = text.indexOf(':', banner < 0 ? 0 : text.indexOf('\n', banner));
  if (start < 0) throw new BinHexError('no ":" that starts BinHex data');
  const end = text.indexOf(':', start + 1);
  if (end < 0) throw new BinHexError('no ":" that ends BinHex data');
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = start + 1; i < end; i++) {
    const c = text[i]!;
    if (c === '\r' || c === '\n' || c === ' ' || c === '\t') continue;
    const v = BINHEX_ALPHABET.indexOf(c);
    if (v < 0) throw new BinHexError(`"${c}" is not a BinHex 4.0 character`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** Decodes BinHex 4.0 text, checking the three CRCs. */
export function binhexDecode(text: string): BinHexFile {
  const s = rleDecode(sixBitDecode(text));
  let pos = 0;
  const take = (n: number, what: string) => {
    if (pos + n > s.length) throw new BinHexError(`the data ends inside the ${what}`);
    const b = s.subarray(pos, pos + n);
    pos += n;
    return b;
  };
  const checked = (bytes: Buffer, what: string) => {
    const crc = take(2, `${what} CRC`).readUInt16BE(0);
    if (crc16(bytes) !== crc) throw new BinHexError(`${what} CRC mismatch: ${crc.toString(16)} written, ${crc16(bytes).toString(16)} computed`);
  };
  const nameLength = take(1, 'header')[0]!;
  const headerStart = 0;
  take(nameLength + 1 + 8, 'header');
  const fixed = take(10, 'header');
  const header = s.subarray(headerStart, pos);
  checked(header, 'header');
  const data = take(fixed.readUInt32BE(2), 'data fork');
  checked(data, 'data fork');
  const resource = take(fixed.readUInt32BE(6), 'resource fork');
  checked(resource, 'resource fork');
  return {
    name: header.toString('latin1', 1, 1 + nameLength),
    type: header.toString('latin1', 2 + nameLength, 6 + nameLength),
    creator: header.toString('latin1', 6 + nameLength, 10 + nameLength),
    flags: fixed.readUInt16BE(0),
    data: Buffer.from(data),
    resource: Buffer.from(resource),
  };
}
