// A deterministic corpus of varied messages for the benchmarks: plain text (7bit and
// quoted-printable), multipart/alternative, multipart/mixed with attachments (base64), nested
// multipart, encoded-word subjects and names (RFC 2047 B and Q), sizes from 1 to 50 KB.
// The same seed gives the same bytes everywhere, so the sandbox and Dovecot get identical mail.
//
//   import { corpusMessage, SUBJECT_WORD, BODY_WORD } from './corpus.mjs';
//   corpusMessage(i, seed) -> Buffer (CRLF line ends)
//
// SUBJECT_WORD is in about 1 subject in 20, BODY_WORD in about 1 text body in 25 (never in a
// subject, never only inside base64), so SEARCH phases find a known, non-trivial number of hits.

export const SUBJECT_WORD = 'quarterly';
export const BODY_WORD = 'zeppelin';

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the of and to in is for on that with as by at from this be are was it an or have not which you ' +
  'meeting report project budget review draft notes update schedule invoice lunch release server ' +
  'backup weekly plan agenda status deadline proposal summary team office travel contract customer ' +
  'network database migration feedback question answer design test build deploy ticket issue hello'
).split(' ');
const NAMES = ['Alice Archer', 'Bob Baker', 'Carol Chen', 'Dave Dunn', 'Erin Evans', 'Frank Ford', 'Grace Green', 'Heidi Hall'];
const UNICODE_NAMES = ['José Muñoz', 'Zoë Ångström', 'Łukasz Żółw', 'Søren Kierkegård', '山田 太郎', 'Ελένη Παππά'];
const UNICODE_WORDS = ['café', 'naïve', 'Grüße', 'résumé', 'smörgåsbord', 'über', 'niño', '東京', 'π≈3.14', 'déjà vu'];

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}

/** Plain ASCII text of about `size` octets: sentences, lines under 76 characters, CRLF. */
function text(r, size, bodyWord) {
  let out = '';
  let line = '';
  let left = 0;
  let wordAt = bodyWord ? Math.floor(r() * Math.max(1, size / 7)) : -1;
  let n = 0;
  while (out.length + line.length < size) {
    let w;
    if (n++ === wordAt) w = BODY_WORD;
    else w = WORDS[Math.floor(r() * WORDS.length)];
    if (left === 0) {
      // A new sentence starts with a capital.
      w = w[0].toUpperCase() + w.slice(1);
      left = 4 + Math.floor(r() * 8);
    }
    if (--left === 0) w += '.';
    if (line.length + w.length + 1 > 72) {
      out += line + '\r\n';
      line = '';
      if (left === 0 && r() < 0.3) out += '\r\n';
    }
    line = line ? `${line} ${w}` : w;
  }
  if (line) out += line + '\r\n';
  if (bodyWord && wordAt >= n) out += `P.S. ${BODY_WORD} ahead.\r\n`;
  return out;
}

/** Quoted-printable (RFC 2045 §6.7) of UTF-8 text, soft line breaks at 76. */
function qp(str) {
  const out = [];
  for (const line of str.split('\r\n')) {
    let enc = '';
    for (const byte of Buffer.from(line, 'utf8')) {
      const c = String.fromCharCode(byte);
      enc += (byte >= 33 && byte <= 126 && c !== '=') || byte === 32 ? c : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    if (enc.endsWith(' ')) enc = enc.slice(0, -1) + '=20';
    while (enc.length > 75) {
      let cut = 75;
      // Never split an =XX escape.
      const eq = enc.lastIndexOf('=', cut - 1);
      if (eq > cut - 3) cut = eq;
      out.push(enc.slice(0, cut) + '=');
      enc = enc.slice(cut);
    }
    out.push(enc);
  }
  return out.join('\r\n');
}

function base64Lines(buf) {
  const b64 = buf.toString('base64');
  const lines = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\r\n') + '\r\n';
}

/** RFC 2047 encoded word, B or Q, for a UTF-8 string (split so each word stays under 75 chars). */
function encodedWords(r, str) {
  const useB = r() < 0.5;
  const words = [];
  let chunk = '';
  for (const ch of str) {
    if (Buffer.byteLength(chunk + ch) > 30) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words
    .map((w) => {
      if (useB) return `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`;
      let q = '';
      for (const byte of Buffer.from(w, 'utf8')) {
        const c = String.fromCharCode(byte);
        q += /[A-Za-z0-9!*+\-/]/.test(c) ? c : byte === 32 ? '_' : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      }
      return `=?UTF-8?Q?${q}?=`;
    })
    .join(' ');
}

function address(r, i) {
  if (r() < 0.3) {
    const name = pick(r, UNICODE_NAMES);
    return `${encodedWords(r, name)} <user${i % 97}@example.org>`;
  }
  const name = pick(r, NAMES);
  const local = name.split(' ')[0].toLowerCase();
  return r() < 0.5 ? `"${name}" <${local}@example.com>` : `${local}@example.net`;
}

function subject(r, i, subjectWord) {
  const words = [];
  const n = 2 + Math.floor(r() * 6);
  for (let k = 0; k < n; k++) words.push(pick(r, WORDS));
  if (subjectWord) words.splice(Math.floor(r() * words.length), 0, SUBJECT_WORD);
  const plain = `${words.join(' ')} #${i}`;
  if (r() < 0.25) {
    // Non-ASCII subject as encoded words; the search word stays an ASCII atom before it.
    const head = subjectWord ? `${SUBJECT_WORD} ` : '';
    const rest = `${pick(r, UNICODE_WORDS)} ${words.filter((w) => w !== SUBJECT_WORD).join(' ')} ${pick(r, UNICODE_WORDS)} #${i}`;
    return head + encodedWords(r, rest);
  }
  return r() < 0.1 ? `Re: ${plain}` : plain;
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function rfc5322Date(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${DAY_NAMES[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function boundary(r, depth) {
  return `=_bench_${depth}_${Math.floor(r() * 1e12).toString(36)}`;
}

function attachment(r, size) {
  const kinds = [
    ['application/pdf', 'report.pdf'],
    ['image/png', 'chart.png'],
    ['application/octet-stream', 'data.bin'],
    ['application/zip', 'archive.zip'],
  ];
  const [type, name] = pick(r, kinds);
  const bytes = Buffer.alloc(size + 4);
  for (let k = 0; k < size; k += 4) bytes.writeUInt32LE(Math.floor(r() * 4294967296), k);
  const fileName = r() < 0.2 ? `=?UTF-8?Q?r=C3=A9sum=C3=A9_${name}?=` : name;
  return [
    `Content-Type: ${type}; name="${fileName}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${fileName}"`,
    '',
    base64Lines(bytes.subarray(0, size)),
  ].join('\r\n');
}

// Text bodies are put together from pools of paragraphs made once (generating every word of 170 MB
// of mail one by one takes longer than the benchmarks themselves).
const POOL = 64;
let pools;
function paragraphs() {
  if (pools) return pools;
  const r = rng(0x5eed);
  const ascii = [];
  const qpEncoded = [];
  for (let k = 0; k < POOL; k++) {
    const p = text(r, 200 + Math.floor(r() * 1000), false);
    ascii.push(p);
    qpEncoded.push(qp(p.replace(/ the /g, () => ` ${pick(r, UNICODE_WORDS)} `)) + '\r\n');
  }
  pools = { ascii, qp: qpEncoded };
  return pools;
}

/** About `size` octets of text from the pool; with bodyWord, one paragraph holds BODY_WORD. */
function pooledText(r, pool, size, bodyWord) {
  const parts = [];
  let total = 0;
  while (total < size) {
    const p = pool[Math.floor(r() * pool.length)];
    parts.push(p);
    total += p.length + 2;
  }
  if (bodyWord) parts.splice(Math.floor(r() * (parts.length + 1)), 0, `Remember the ${BODY_WORD} on ${pick(r, WORDS)} ${pick(r, WORDS)}.\r\n`);
  return parts.join('\r\n');
}

function textPart(r, size, bodyWord) {
  const { ascii, qp: qpPool } = paragraphs();
  if (r() < 0.3) {
    return ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', pooledText(r, qpPool, size, bodyWord)].join('\r\n');
  }
  return ['Content-Type: text/plain; charset=us-ascii', 'Content-Transfer-Encoding: 7bit', '', pooledText(r, ascii, size, bodyWord)].join('\r\n');
}

function htmlPart(r, size, bodyWord) {
  const body = pooledText(r, paragraphs().ascii, size, bodyWord)
    .split('\r\n\r\n')
    .map((p) => `<p>${p}</p>`)
    .join('\r\n');
  return ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 7bit', '', `<html><body>\r\n${body}\r\n</body></html>`, ''].join('\r\n');
}

function multipart(r, subtype, parts, depth) {
  const b = boundary(r, depth);
  return {
    header: `Content-Type: multipart/${subtype}; boundary="${b}"`,
    body: `This is a multi-part message in MIME format.\r\n\r\n${parts.map((p) => `--${b}\r\n${p}`).join('\r\n')}\r\n--${b}--\r\n`,
  };
}

/** Message number i (0-based) of the corpus with this seed. */
export function corpusMessage(i, seed = 1) {
  const r = rng((seed * 0x9e3779b1) ^ (i * 0x85ebca6b));
  // Sizes 1-50 KB, more small ones than big ones (as in real mailboxes).
  const size = Math.round(1024 + Math.pow(r(), 2) * 49 * 1024);
  const subjectWord = r() < 0.05;
  const bodyWord = r() < 0.04;
  const kind = r();
  let content;
  if (kind < 0.4) {
    const part = textPart(r, Math.max(300, size - 350), bodyWord);
    const split = part.indexOf('\r\n\r\n');
    content = { header: part.slice(0, split), body: part.slice(split + 4) };
  } else if (kind < 0.7) {
    content = multipart(r, 'alternative', [textPart(r, (size - 900) / 2, bodyWord), htmlPart(r, (size - 900) / 2, bodyWord)], 0);
  } else if (kind < 0.9) {
    const attach = Math.floor((size - 1500) * 0.6 * 0.75);
    content = multipart(r, 'mixed', [textPart(r, Math.max(200, size - 1500 - attach / 0.75), bodyWord), attachment(r, Math.max(64, attach))], 0);
  } else {
    // mixed( alternative(text, html), attachment, message/rfc822-free nested text )
    const alt = multipart(r, 'alternative', [textPart(r, size / 5, bodyWord), htmlPart(r, size / 5, false)], 1);
    content = multipart(r, 'mixed', [`${alt.header}\r\n\r\n${alt.body}`, attachment(r, Math.max(64, Math.floor(size / 4))), textPart(r, 300, false)], 0);
  }
  const date = new Date(Date.UTC(2024, 0, 1) + i * 37 * 60 * 1000 + Math.floor(r() * 60_000));
  const headers = [
    `Return-Path: <bench${i % 13}@example.com>`,
    `From: ${address(r, i)}`,
    `To: ${r() < 0.8 ? 'Alice <alice@sandbox.test>' : 'alice@sandbox.test, Bob <bob@sandbox.test>'}`,
    ...(r() < 0.3 ? [`Cc: ${address(r, i + 1)}, ${address(r, i + 2)}`] : []),
    `Subject: ${subject(r, i, subjectWord)}`,
    `Date: ${rfc5322Date(date)}`,
    `Message-ID: <bench.${seed}.${i}@example.com>`,
    ...(r() < 0.2 ? [`In-Reply-To: <bench.${seed}.${Math.max(0, i - 1)}@example.com>`] : []),
    'MIME-Version: 1.0',
    content.header,
  ];
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${content.body}`, 'utf8');
}
