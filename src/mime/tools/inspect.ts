/**
 * `mailproto mime inspect`: everything the tool shows about one message, as
 * one value (printed as text by format-inspect.ts, or as JSON). The tree and
 * its part numbers come from parse-tree.ts, the parser behind the IMAP
 * server's BODYSTRUCTURE, so they are the numbers BODY[...] takes.
 */

import { findField } from '../headers.js';
import { parseMimeTree } from '../parse-tree.js';
import type { MimePart } from '../part-types.js';
import { findPart } from '../sections.js';
import { checkLineLengths, checkMessageHeader, checkParts } from './checks.js';
import { envelopeMismatch, type Note } from './header-report.js';
import { MAX_WARNINGS } from './limits.js';
import { decodeBody, partReport, type PartReport } from './part-report.js';
import { receivedChain, type ReceivedChain } from './received-chain.js';
import { findSmime, type SmimeOptions, type SmimeReport } from './smime.js';
import { WarningList, type Warning } from './warnings.js';

export type InspectReport = {
  /** Octets of the whole message. */
  readonly size: number;
  /** Line ends: CRLF (the wire form), LF (a file saved on Unix) or mixed. */
  readonly lineEnds: 'CRLF' | 'LF' | 'mixed' | 'none';
  readonly tree: PartReport;
  readonly envelopeNote?: Note;
  readonly received: ReceivedChain;
  readonly smime: readonly SmimeReport[];
  readonly warnings: readonly Warning[];
  /** Warnings past MAX_WARNINGS, counted only. */
  readonly warningsDropped: number;
};

export type InspectOptions = SmimeOptions;

function lineEnds(raw: Buffer): InspectReport['lineEnds'] {
  let lf = 0;
  let crlf = 0;
  for (let i = raw.indexOf(0x0a); i >= 0; i = raw.indexOf(0x0a, i + 1)) {
    lf++;
    if (i > 0 && raw[i - 1] === 0x0d) crlf++;
  }
  if (lf === 0) return 'none';
  return crlf === lf ? 'CRLF' : crlf === 0 ? 'LF' : 'mixed';
}

/** Inspects a raw message. Never throws on malformed input. */
export function inspectMessage(raw: Buffer, opts: InspectOptions = {}): InspectReport {
  const root = parseMimeTree(raw);
  const warnings = new WarningList(MAX_WARNINGS);
  checkMessageHeader(root, warnings);
  checkParts(raw, root, warnings);
  checkLineLengths(raw, root, warnings);
  const date = findField(root.fields, 'date')?.value;
  const received = receivedChain(root.fields, date);
  for (const hop of received.hops) {
    if (hop.clockSkew) {
      warnings.add('CLOCK_SKEW', '', `hop ${hop.number} (by ${hop.by ?? '?'}) is stamped ${hop.delay!.replace(/^-/, '')} before the ${hop.number === 1 ? 'Date field' : 'previous hop'}: a clock is wrong`);
    }
  }
  if (received.skipped > 0) warnings.add('TOO_MANY_HOPS', '', `${received.hops.length + received.skipped} Received fields (a server treats 100 as a loop)`);
  const smime = findSmime(raw, root, opts);
  for (const s of smime) {
    if (s.signature.status === 'invalid') warnings.add('SMIME_BAD_SIGNATURE', s.part, `the signature does not match: ${s.signature.detail}`);
    if (s.error !== undefined) warnings.add('SMIME_UNREADABLE', s.part, `the S/MIME data cannot be read: ${s.error}`);
    if (s.signer !== undefined && !s.signer.validNow) {
      warnings.add('SMIME_CERT_EXPIRED', s.part, `the signer certificate is valid from ${s.signer.notBefore} to ${s.signer.notAfter}, not now`);
    }
  }
  const envelopeNote = envelopeMismatch(root.fields);
  return {
    size: raw.length,
    lineEnds: lineEnds(raw),
    tree: partReport(raw, root),
    ...(envelopeNote ? { envelopeNote } : {}),
    received,
    smime,
    warnings: warnings.items,
    warningsDropped: warnings.dropped,
  };
}

/** Thrown for a part number that is not in the message. */
export class PartNotFoundError extends Error {
  readonly code = 'E_NO_SUCH_PART';
}

/**
 * The decoded body of one part, by IMAP part number ("1", "1.2"); "" is the
 * whole message's body. Throws PartNotFoundError for a number not in it.
 */
export function extractPart(raw: Buffer, number: string): { part: MimePart; body: Buffer } {
  if (number !== '' && !/^[1-9]\d*(\.[1-9]\d*)*$/.test(number)) throw new PartNotFoundError(`"${number}" is not a part number`);
  const root = parseMimeTree(raw);
  const part = number === '' ? root : findPart(root, number.split('.').map(Number));
  if (part === null) throw new PartNotFoundError(`the message has no part ${number}`);
  return { part, body: decodeBody(raw, part) };
}
