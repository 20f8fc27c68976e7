/**
 * uuencode, the Unix-to-Unix encoding that carried binaries through mail and
 * Usenet before MIME (POSIX.1 `uuencode`, historical format). Output is what
 * GNU sharutils writes:
 *
 *   begin <mode> <name>
 *   <length char><encoded line>     ; up to 45 octets per line, 60 characters
 *   `                               ; a line of length 0
 *   end
 *
 * Each 3 octets become 4 characters: a 6-bit value v is written as v + 0x20,
 * except 0, written as "`" (0x60) because trailing spaces got lost in transit.
 * The first character of a line is the number of octets it carries, encoded
 * the same way. `begin-base64` (uuencode -m) is also read.
 */

import { decodeBase64 } from './base64.js';

/** Octets per encoded line (POSIX: 45, giving 60 characters). */
export const UU_LINE_OCTETS = 45;

const enc = (v: number) => String.fromCharCode(v === 0 ? 0x60 : v + 0x20);
const dec = (c: number) => (c - 0x20) & 0x3f;

export type UuFile = { readonly name: string; readonly mode: string; readonly data: Buffer };

/** uuencodes `data` as file `name` with permission bits `mode` (octal text). */
export function uuencode(data: Uint8Array, name: string, mode = '644'): string {
  let out = `begin ${mode} ${name}\n`;
  for (let i = 0; i < data.length; i += UU_LINE_OCTETS) {
    const chunk = data.subarray(i, i + UU_LINE_OCTETS);
    let line = enc(chunk.length);
    for (let j = 0; j < chunk.length; j += 3) {
      const a = chunk[j]!;
      const b = chunk[j + 1] ?? 0;
      const c = chunk[j + 2] ?? 0;
      line += enc(a >> 2) + enc(((a & 3) << 4) | (b >> 4)) + enc(((b & 15) << 2) | (c >> 6)) + enc(c & 63);
    }
    out += `${line}\n`;
  }
  return `${out}${enc(0)}\nend\n`;
}

/** Why uudecode failed; `line` is 1-based. */
export class UudecodeError extends Error {
  readonly code = 'E_BAD_UUENCODE';
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

const BEGIN = /^begin(-base64)? +([0-7]{1,6}) +(.*)$/;

/**
 * Decodes the first uuencoded file in `text` (lines before `begin` are
 * skipped, as mail and news wrapped them in prose).
 */
export function uudecode(text: string): UuFile {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const start = lines.findIndex((l) => BEGIN.test(l));
  if (start < 0) throw new UudecodeError('no "begin MODE NAME" line', 1);
  const [, base64, mode, name] = BEGIN.exec(lines[start]!)!;
  if (base64 !== undefined) {
    const end = lines.indexOf('====', start + 1);
    if (end < 0) throw new UudecodeError('no "====" line after begin-base64', lines.length);
    return { name: name!, mode: mode!, data: decodeBase64(lines.slice(start + 1, end).join('')) };
  }
  const parts: Buffer[] = [];
  for (let n = start + 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line === 'end') return { name: name!, mode: mode!, data: Buffer.concat(parts) };
    if (line.length === 0) continue;
    const count = dec(line.charCodeAt(0));
    if (count === 0) continue;
    const need = Math.ceil(count / 3) * 4;
    if (line.length - 1 < Math.ceil((count * 4) / 3)) {
      throw new UudecodeError(`line says ${count} octets but has only ${line.length - 1} characters (needs ${need})`, n + 1);
    }
    const out = Buffer.alloc(Math.ceil(count / 3) * 3);
    for (let j = 1, o = 0; o < out.length; j += 4) {
      // a short last group (some encoders drop the padding) reads as zeros
      const v = [0, 1, 2, 3].map((k) => (j + k < line.length ? dec(line.charCodeAt(j + k)) : 0));
      out[o++] = (v[0]! << 2) | (v[1]! >> 4);
      out[o++] = ((v[1]! & 15) << 4) | (v[2]! >> 2);
      out[o++] = ((v[2]! & 3) << 6) | v[3]!;
    }
    parts.push(out.subarray(0, count));
  }
  throw new UudecodeError('no "end" line', lines.length);
}
