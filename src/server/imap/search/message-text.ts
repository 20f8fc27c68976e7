/**
 * The text SEARCH compares against, taken from the raw message lazily: header fields alone for
 * the header keys (no MIME parse of the body), the decoded text parts for BODY and TEXT.
 */
import type { ImapDate } from '../../../protocols/imap/dates.js';
import { findParam } from '../../../mime/content-params.js';
import { isBlankLine, readField, type HeaderField } from '../../../mime/headers.js';
import type { MimePart } from '../../../mime/part-types.js';
import type { MessageFacts } from '../message-facts.js';
import { mimeTreeOf } from '../message-view.js';
import { decodeCharset, decodeHeaderValue, decodeTransfer } from './decode.js';
import { parseSentDate } from './sent-date.js';

/**
 * What substring matching compares: both the text and what is looked for go through this.
 * Case-insensitive, and canonically decomposed (NFD) as Dovecot does, so that "é" written as
 * one code point or as "e" plus a combining accent is the same text.
 */
export function foldCase(text: string): string {
  return text.normalize('NFD').toLowerCase();
}

/** A header value or search string for header keys: also every run of blanks as one space. */
export function foldHeader(text: string): string {
  return foldCase(text).replace(/[ \t\r\n]+/g, ' ');
}

/**
 * Decoded values of one field, kept beside the message's cached facts (so a header search that is
 * repeated decodes nothing again; they go when the facts leave the cache).
 */
const decodedFields = new WeakMap<MessageFacts, Map<string, readonly string[]>>();

/** The decoded, case-folded values of the fields named `lowerName` (repeated fields all kept). */
export function decodedField(facts: MessageFacts, lowerName: string): readonly string[] {
  let byName = decodedFields.get(facts);
  if (byName === undefined) {
    byName = new Map();
    decodedFields.set(facts, byName);
  }
  let values = byName.get(lowerName);
  if (values === undefined) {
    values = facts.fields.filter((f) => f.name !== '' && f.name.toLowerCase() === lowerName).map((f) => foldHeader(decodeHeaderValue(f.value)));
    byName.set(lowerName, values);
  }
  return values;
}

/** The first Date: field's calendar date as written (its own time zone), if it can be read. */
export function sentDateOf(fields: readonly HeaderField[]): ImapDate | undefined {
  const date = fields.find((f) => f.name.toLowerCase() === 'date');
  return date === undefined ? undefined : parseSentDate(date.value);
}

function headerBlockText(fields: readonly HeaderField[]): string {
  return fields.map((f) => (f.name === '' ? f.value : `${f.name}: ${decodeHeaderValue(f.value)}`)).join('\n');
}

/**
 * The decoded, case-folded texts of the body: every text part (transfer encoding undone,
 * charset converted) and the header of every message/rfc822 part, which is body text of the
 * message around it. Other parts (images, PDFs) are not text and are not searched.
 */
export function bodyTexts(raw: Buffer): string[] {
  const out: string[] = [];
  const visit = (part: MimePart): void => {
    if (part.kind === 'multipart') {
      part.children.forEach(visit);
    } else if (part.kind === 'message') {
      const inner = part.children[0]!;
      out.push(foldCase(headerBlockText(inner.fields)));
      visit(inner);
    } else if (part.isText) {
      const body = raw.subarray(part.bodyOffset, part.bodyOffset + part.bodyLength);
      const params = part.content.contentType?.params ?? [];
      out.push(foldCase(decodeCharset(decodeTransfer(body, part.content.transferEncoding), findParam(params, 'charset'))));
    }
  };
  visit(mimeTreeOf(raw));
  return out;
}

/** The whole header block as decoded, case-folded text (for TEXT). */
export function headerText(fields: readonly HeaderField[]): string {
  return foldCase(headerBlockText(fields));
}
