/**
 * The text that `mailproto mime inspect` prints: headers raw and decoded, the
 * MIME tree with IMAP part numbers, the Received chain, S/MIME, warnings.
 * Control characters from the message are shown escaped (\x1b), never passed
 * to the terminal.
 */

import type { HeaderReport } from './header-report.js';
import type { InspectReport } from './inspect.js';
import { MAX_TEXT_TREE_PARTS } from './limits.js';
import type { PartReport } from './part-report.js';
import type { Hop } from './received-chain.js';
import type { SmimeReport } from './smime.js';

/** Escapes C0 controls (except tab) and DEL. */
export function safe(text: string): string {
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) => (c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

const octets = (n: number) => `${n.toLocaleString('en-US')} B`;

function formatHeader(h: HeaderReport, out: string[]): void {
  const rawLines = h.raw.split('\n');
  out.push(`  ${safe(h.name)}: ${safe(rawLines[0] ?? '')}`);
  for (const l of rawLines.slice(1)) out.push(`  ${safe(l)}`);
  if (h.truncated) out.push('      (cut: the value is longer than inspect shows)');
  if (h.decoded !== undefined) out.push(`      = ${safe(h.decoded)}`);
  for (const w of h.words ?? []) {
    const how = w.encoding === 'B' ? 'B = base64 (RFC 2047 §4.1)' : 'Q = quoted-printable, "_" is a space (RFC 2047 §4.2)';
    out.push(`      ${safe(w.raw)}  charset ${safe(w.charset)}, ${how} → "${safe(w.decoded)}"${w.tooLong ? '  (over 75 characters: RFC 2047 §2)' : ''}`);
  }
  if ((h.words?.length ?? 0) > 1 && /\?=[ \t\n]+=\?/.test(h.raw)) out.push('      (blanks between two encoded-words are dropped: RFC 2047 §6.2)');
  if (h.note) out.push(`      # ${h.note.text} (${h.note.rfc})`);
}

function describePart(p: PartReport): string {
  const bits: string[] = [p.type + (p.typeDefaulted ? ' (default)' : '')];
  if (p.imapType !== p.type) bits.push(`[IMAP: ${p.imapType}]`);
  if (p.charset !== undefined) bits.push(`charset=${safe(p.charset)}`);
  if (p.kind === 'leaf') bits.push(p.encoding + (p.encodingDefaulted ? ' (default)' : ''));
  if (p.disposition !== undefined) bits.push(safe(p.disposition));
  if (p.filename !== undefined) bits.push(`"${safe(p.filename)}"`);
  const size = p.size.decoded !== undefined && p.size.decoded !== p.size.body ? `${octets(p.size.body)} → ${octets(p.size.decoded)} decoded` : octets(p.size.body);
  bits.push(size);
  bits.push(p.section);
  return bits.join('  ');
}

type TreeBudget = { left: number; skipped: number };

function formatTree(p: PartReport, prefix: string, childPrefix: string, out: string[], budget: TreeBudget): void {
  if (budget.left-- <= 0) {
    budget.skipped++;
    p.children.forEach((c) => formatTree(c, prefix, childPrefix, out, budget));
    return;
  }
  const label = p.message ? (p.part === '' ? 'message' : `message ${p.part}`) : p.part;
  out.push(`${prefix}${label}  ${describePart(p)}`);
  if (p.message && p.part !== '') {
    for (const h of p.headers.filter((x) => ['from', 'subject', 'date'].includes(x.name.toLowerCase()))) {
      out.push(`${childPrefix}    ${safe(h.name)}: ${safe(h.decoded ?? h.raw.replace(/\n/g, ''))}`);
    }
  }
  if (p.kind === 'multipart' && p.children.length === 0) {
    out.push(`${childPrefix}    (no parts; IMAP BODYSTRUCTURE shows one empty text/plain part)`);
  }
  p.children.forEach((c, i) => {
    const last = i === p.children.length - 1;
    formatTree(c, `${childPrefix}${last ? '└─ ' : '├─ '}`, `${childPrefix}${last ? '   ' : '│  '}`, out, budget);
  });
}

function formatHop(h: Hop): string[] {
  const since = h.number === 1 ? 'after the Date field' : 'after the previous hop';
  const when =
    h.delayMs === undefined ? '' : h.delayMs < 0 ? `  ${h.delay!.slice(1)} BEFORE the ${h.number === 1 ? 'Date field' : 'previous hop'}` : `  ${h.delay} ${since}`;
  const lines = [`  hop ${h.number}${when}${h.clockSkew ? '  ⚠ clock skew: a clock (or time zone) is wrong' : ''}`];
  if (h.from !== undefined) lines.push(`      from ${safe(h.from)}${h.fromInfo ? ` (${safe(h.fromInfo)})` : ''}`);
  if (h.by !== undefined) lines.push(`      by   ${safe(h.by)}${h.byInfo ? ` (${safe(h.byInfo)})` : ''}`);
  if (h.with !== undefined) lines.push(`      with ${safe(h.with)}${h.withMeaning ? `: ${h.withMeaning}` : ''}`);
  if (h.id !== undefined) lines.push(`      id   ${safe(h.id)}`);
  if (h.for !== undefined) lines.push(`      for  ${safe(h.for)}`);
  lines.push(`      at   ${h.date !== undefined ? safe(h.date) : '(no date)'}${h.date !== undefined && h.time === undefined ? ' (not an RFC 5322 date)' : ''}`);
  return lines;
}

function formatSmime(s: SmimeReport): string[] {
  const what = { signed: 'signed (multipart/signed, detached signature)', 'signed-opaque': 'signed (application/pkcs7-mime, content inside)', encrypted: 'encrypted (application/pkcs7-mime enveloped-data)', other: 'application/pkcs7-mime' }[s.kind];
  const lines = [`  ${s.part === '' ? 'message' : `part ${s.part}`}: ${what}${s.micalg ? `, micalg=${safe(s.micalg)}` : ''}`];
  if (s.signer) {
    lines.push(`      signer   ${safe(s.signer.subject)}`, `      issuer   ${safe(s.signer.issuer)}${s.signer.issuer === s.signer.subject ? ' (self-signed)' : ''}`);
    lines.push(`      valid    ${s.signer.notBefore} to ${s.signer.notAfter}${s.signer.validNow ? '' : '  ⚠ not valid now'}`);
    if (s.cms && 'signers' in s.cms && s.cms.signers[0]?.signingTime) lines.push(`      signed   ${s.cms.signers[0].signingTime}`);
  }
  if (s.cms && 'recipients' in s.cms) {
    for (const r of s.cms.recipients) lines.push(`      for      ${safe(r.issuer ?? '?')} serial ${r.serial ?? '?'}${r.keyAlgorithm ? ` (${r.keyAlgorithm})` : ''}`);
    if (s.cms.contentEncryption) lines.push(`      cipher   ${s.cms.contentEncryption}`);
  }
  lines.push(`      signature ${s.signature.status}: ${s.signature.detail}`);
  return lines;
}

/** The report as text, lines ending in LF. */
export function formatInspect(r: InspectReport): string {
  const ends = r.lineEnds === 'none' ? 'no line ends' : `${r.lineEnds} line ends${r.lineEnds === 'LF' ? ' (on the wire every line ends in CRLF)' : ''}`;
  const out: string[] = [`Message: ${octets(r.size)}, ${ends}`, ''];
  out.push('Headers (raw, then = decoded)');
  for (const h of r.tree.headers) formatHeader(h, out);
  if (r.tree.headersOmitted) out.push(`  (${r.tree.headersOmitted} more fields not shown)`);
  if (r.envelopeNote) out.push(`  # ${r.envelopeNote.text} (${r.envelopeNote.rfc})`);
  out.push('', 'MIME tree (numbers are IMAP part numbers: FETCH BODY[1.2])');
  const budget = { left: MAX_TEXT_TREE_PARTS, skipped: 0 };
  formatTree(r.tree, '  ', '  ', out, budget);
  if (budget.skipped > 0) out.push(`  (${budget.skipped} more parts not listed; --json lists them all)`);
  if (r.received.hops.length > 0) {
    out.push('', 'Received chain, oldest hop first (each server adds its Received: at the top; RFC 5321 §4.4)');
    for (const h of r.received.hops) out.push(...formatHop(h));
    if (r.received.skipped > 0) out.push(`  (${r.received.skipped} older hops not analysed)`);
  }
  if (r.smime.length > 0) {
    out.push('', 'S/MIME (RFC 8551)');
    for (const s of r.smime) out.push(...formatSmime(s));
  }
  out.push('', r.warnings.length === 0 ? 'No warnings' : 'Warnings');
  for (const w of r.warnings) out.push(`  ! ${w.part === '' ? '' : `part ${w.part}: `}${safe(w.detail)} (${w.rfc})`);
  if (r.warningsDropped > 0) out.push(`  (${r.warningsDropped} more warnings not shown)`);
  return `${out.join('\n')}\n`;
}
