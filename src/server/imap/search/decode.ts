/**
 * Just enough decoding for SEARCH to compare text as people read it (RFC 3501 §6.4.4 leaves the
 * matching to the server; clients expect `SUBJECT café` to find `=?ISO-8859-1?Q?caf=E9?=`):
 * charsets, RFC 2047 encoded-words in header values, and the quoted-printable and base64
 * transfer encodings of RFC 2045 §6.7, §6.8.
 *
 * Header values and part bodies are byte strings / Buffers; results are JavaScript strings.
 */

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** windows-1252 at 0x80-0x9F (undefined positions stay C1 controls, as in WHATWG Encoding). */
const CP1252_HIGH =
  '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
  '\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

/**
 * windows-1252, which mail labelled ISO-8859-1 or US-ASCII usually is (WHATWG Encoding maps
 * those labels to it). Written out because Node 20's TextDecoder decodes it as plain latin1.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

const WINDOWS_1252_LABELS = new Set(['windows-1252', 'cp1252', 'x-cp1252', 'iso-8859-1', 'iso8859-1', 'latin1', 'l1', 'iso_8859-1', 'cp819', 'ibm819']);

/** Bytes with no trustworthy label: UTF-8 when they are valid UTF-8, else windows-1252. */
function decodeUnlabelled(bytes: Uint8Array): string {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/**
 * Text in the given charset. US-ASCII, UTF-8, missing or unknown charsets decode as UTF-8 when
 * the bytes are valid UTF-8 and as windows-1252 otherwise (8-bit text under a wrong label is common).
 */
export function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  const label = (charset ?? '').trim().replace(/\*.*$/, '').toLowerCase(); // RFC 2231: charset*lang
  if (label === '' || label === 'us-ascii' || label === 'ascii' || label === 'utf-8' || label === 'utf8') {
    return decodeUnlabelled(bytes);
  }
  if (WINDOWS_1252_LABELS.has(label)) return decodeWindows1252(bytes);
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return decodeUnlabelled(bytes);
  }
}

const hexValue = (c: number): number =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;

/** Quoted-printable body (RFC 2045 §6.7): `=XX` octets, `=` at the end of a line joins lines. */
export function decodeQuotedPrintable(input: Uint8Array): Buffer {
  const out = Buffer.alloc(input.length);
  let o = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c !== 0x3d) {
      out[o++] = c;
      continue;
    }
    // soft line break: "=" then optional blanks then [CR]LF
    let j = i + 1;
    while (input[j] === 0x20 || input[j] === 0x09) j++;
    if (input[j] === 0x0a || (input[j] === 0x0d && input[j + 1] === 0x0a)) {
      i = input[j] === 0x0d ? j + 1 : j;
      continue;
    }
    if (j === input.length) break; // "=" at the very end
    const hi = hexValue(input[i + 1] ?? -1);
    const lo = hexValue(input[i + 2] ?? -1);
    if (hi >= 0 && lo >= 0) {
      out[o++] = hi * 16 + lo;
      i += 2;
    } else {
      out[o++] = c; // a stray "=" is kept as it is (RFC 2045 §6.7 note 1)
    }
  }
  return out.subarray(0, o);
}

/** Base64 (RFC 2045 §6.8), ignoring characters outside the alphabet. */
export function decodeBase64(input: Uint8Array): Buffer {
  const text = Buffer.from(input).toString('latin1').replace(/[^A-Za-z0-9+/]/g, '');
  return Buffer.from(text.slice(0, text.length - (text.length % 4 === 1 ? 1 : 0)), 'base64');
}

/** The body bytes with the Content-Transfer-Encoding undone (7bit, 8bit, binary and unknown: as is). */
export function decodeTransfer(body: Uint8Array, encoding: string | null): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return decodeBase64(body);
    default:
      return Buffer.from(body);
  }
}

/** `Q` encoding of RFC 2047 §4.2: like quoted-printable, and "_" is a space. */
function decodeQ(text: string): Buffer {
  return decodeQuotedPrintable(Buffer.from(text.replace(/_/g, ' '), 'latin1'));
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * A header value (byte string, unfolded) as text: RFC 2047 encoded-words decoded (also inside
 * quoted strings, as mail readers do), blanks between adjacent encoded-words dropped (§6.2),
 * raw 8-bit octets read as UTF-8 (or windows-1252 when they are not UTF-8).
 */
export function decodeHeaderValue(value: string): string {
  let out = '';
  let last = 0;
  // Adjacent encoded-words in the same charset are joined before decoding, so that a
  // multi-byte character split across two words (seen in practice) survives.
  let run: { charset: string; bytes: Buffer[] } | undefined;
  const flush = () => {
    if (run !== undefined) out += decodeCharset(Buffer.concat(run.bytes), run.charset);
    run = undefined;
  };
  for (const m of value.matchAll(ENCODED_WORD)) {
    const gap = value.slice(last, m.index);
    const charset = m[1]!.replace(/\*.*$/, '').toLowerCase();
    const bytes = m[2]!.toUpperCase() === 'B' ? decodeBase64(Buffer.from(m[3]!, 'latin1')) : decodeQ(m[3]!);
    const adjacent = run !== undefined && /^[ \t\r\n]*$/.test(gap);
    if (adjacent && run!.charset === charset) {
      run!.bytes.push(bytes);
    } else {
      flush();
      if (!adjacent) out += decodeUnlabelled(Buffer.from(gap, 'latin1'));
      run = { charset, bytes: [bytes] };
    }
    last = m.index + m[0].length;
  }
  flush();
  return out + decodeUnlabelled(Buffer.from(value.slice(last), 'latin1'));
}
