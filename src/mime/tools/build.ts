/**
 * `mailproto mime build`: a message from its pieces, RFC 5322 and RFC
 * 2045-2049 correct, ready for `:send`. nodemailer's MailComposer does the
 * assembling (headers with encoded-words, Date, Message-ID, MIME-Version,
 * multipart/alternative and /mixed, boundaries, attachments with RFC 2231
 * file names); we pick the charset and transfer encoding of the text parts
 * when a learner asks for one it does not offer (a charset other than UTF-8,
 * or 8bit).
 *
 * Such a part goes to MailComposer as a `raw` node. As a child of a multipart
 * that is right, but a raw root node replaces the whole message, header
 * fields included; so when the message is that one text part, its header
 * block is MailComposer's for an empty text, with our Content-Type and
 * Content-Transfer-Encoding in place of its own.
 */

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { encodeBase64 } from './encodings/base64.js';
import { encodeQuotedPrintable } from './encodings/quoted-printable.js';
import { MAX_LINE_OCTETS } from './limits.js';

export type TextEncodingChoice = 'auto' | 'qp' | 'base64' | '8bit';
export const TEXT_ENCODINGS: readonly TextEncodingChoice[] = ['auto', 'qp', 'base64', '8bit'];
/** Charsets `build --charset` can write (Node encodes these without extra libraries). */
export const BUILD_CHARSETS = ['utf-8', 'us-ascii', 'iso-8859-1'] as const;

export type BuildOptions = {
  readonly from: string;
  readonly to?: readonly string[];
  readonly cc?: readonly string[];
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string;
  /** Paths of files to attach. */
  readonly attach?: readonly string[];
  readonly charset?: string;
  readonly encoding?: TextEncodingChoice;
  /** Fixed values, for reproducible output (tests). */
  readonly date?: Date;
  readonly messageId?: string;
  readonly boundary?: string;
};

/** A problem with the options that the user can fix. */
export class BuildError extends Error {
  constructor(readonly code: string, message: string, readonly tryMessage: string) {
    super(message);
  }
}

const ENCODING_NAMES: Record<Exclude<TextEncodingChoice, 'auto'>, string> = { qp: 'quoted-printable', base64: 'base64', '8bit': '8bit' };

/** Every line end of the text CRLF (a lone CR or LF is not allowed in 7bit or 8bit data: RFC 2045 §2.7, §2.8). */
function crlfText(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

/** NUL and the C0 controls other than TAB, CR and LF: RFC 2045 §2.7 and §2.8 keep NUL out of 7bit and 8bit data. */
const CONTROL_OCTET = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

function charsetBytes(text: string, charset: string): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  const limit = charset === 'us-ascii' ? 0x7f : 0xff;
  const bad = [...text].find((c) => c.codePointAt(0)! > limit);
  if (bad !== undefined) {
    throw new BuildError('E_CHARSET', `"${bad}" cannot be written in ${charset}`, '--charset utf-8');
  }
  return Buffer.from(text, 'latin1');
}

/** A text part written by us: Content-Type with our charset, the chosen encoding. */
function rawTextPart(subtype: string, text: string, charset: string, encoding: TextEncodingChoice): Buffer {
  const bytes = charsetBytes(text, charset);
  const latin1 = bytes.toString('latin1');
  const ascii = !bytes.some((b) => b > 0x7f);
  const longest = Math.max(0, ...latin1.split('\r\n').map((l) => l.length));
  let cte: string;
  if (encoding === 'auto') cte = ascii && longest <= 76 && !CONTROL_OCTET.test(latin1) ? '7bit' : 'quoted-printable';
  else cte = ENCODING_NAMES[encoding];
  if (cte === '8bit' && longest > MAX_LINE_OCTETS) {
    throw new BuildError('E_LINE_TOO_LONG', `a line of ${longest} octets cannot be sent as 8bit (at most ${MAX_LINE_OCTETS}, RFC 5322 §2.1.1)`, '--encoding qp');
  }
  if (cte === '8bit' && latin1.includes('\0')) {
    throw new BuildError('E_NUL_IN_8BIT', 'the text has a NUL octet, which 8bit data may not carry (RFC 2045 §2.8)', '--encoding qp');
  }
  const body = cte === 'base64' ? encodeBase64(bytes) : cte === 'quoted-printable' ? encodeQuotedPrintable(bytes) : bytes.toString('latin1');
  const head = `Content-Type: text/${subtype}; charset=${charset}\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n`;
  return Buffer.from(head + body, 'latin1');
}

function textElement(subtype: string, text: string, charset: string, encoding: TextEncodingChoice) {
  const crlf = crlfText(text);
  if (charset === 'utf-8' && encoding !== '8bit') {
    return encoding === 'auto' ? { content: crlf } : { content: crlf, contentTransferEncoding: ENCODING_NAMES[encoding] };
  }
  return { raw: rawTextPart(subtype, crlf, charset, encoding) };
}

type TextElement = ReturnType<typeof textElement>;

/** RFC 5322 §2.2: a header field is a line plus the continuation lines that start with a blank. */
function headerFields(header: string): string[] {
  return header.split(/\r\n(?![ \t])/).filter((f) => f !== '');
}

/**
 * The message when it is one text part we wrote (see the top of this file):
 * MailComposer's header fields without its Content-Type and
 * Content-Transfer-Encoding, then our part's (which has them) and its body.
 */
function withOwnTextPart(composed: Buffer, part: Buffer): Buffer {
  const text = composed.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const fields = headerFields(text.slice(0, end < 0 ? text.length : end)).filter((f) => !/^content-(type|transfer-encoding)[ \t]*:/i.test(f));
  // like MailComposer's own single-part messages, the message ends with a line end (SMTP DATA would add it anyway: RFC 5321 §4.1.1.4)
  const ending = part.subarray(-2).toString('latin1') === '\r\n' ? '' : '\r\n';
  return Buffer.concat([Buffer.from(fields.map((f) => `${f}\r\n`).join(''), 'latin1'), part, Buffer.from(ending, 'latin1')]);
}

/** local-part "@" domain, as far as a learner's typo goes (RFC 5322 §3.4.1 addr-spec). */
const ADDR_SPEC = /^[^@\s<>]+@[^@\s<>]+$/;

/**
 * Refuses an address option that holds no e-mail address: MailComposer would
 * silently leave such a field out, and a message without From is not RFC 5322.
 */
function checkAddresses(option: string, values: readonly string[]): void {
  for (const value of values) {
    const parsed = addressparser(value, { flatten: true });
    const bad = parsed.length === 0 ? { address: '' } : parsed.find((a) => !ADDR_SPEC.test(a.address ?? ''));
    if (bad !== undefined) {
      const what = bad.address ? `"${bad.address}" is not an e-mail address` : `"${value}" has no e-mail address in it`;
      const example = option === '--from' ? 'Alice <alice@sandbox.test>' : 'Bob <bob@sandbox.test>';
      throw new BuildError('E_BAD_ADDRESS', `${option}: ${what} (local@domain)`, `${option} "${example}"`);
    }
  }
}

/** Builds the message; resolves with its bytes (CRLF line ends). */
export async function buildMessage(opts: BuildOptions): Promise<Buffer> {
  const charset = (opts.charset ?? 'utf-8').toLowerCase().replace(/^utf8$/, 'utf-8').replace(/^(latin1|iso8859-1)$/, 'iso-8859-1');
  if (!(BUILD_CHARSETS as readonly string[]).includes(charset)) {
    throw new BuildError('E_CHARSET', `charset "${opts.charset}" is not one build can write (${BUILD_CHARSETS.join(', ')})`, '--charset utf-8');
  }
  const encoding = opts.encoding ?? 'auto';
  if ((opts.to?.length ?? 0) + (opts.cc?.length ?? 0) === 0) {
    throw new BuildError('E_NO_RECIPIENT', 'a message needs a recipient', '--to bob@sandbox.test');
  }
  checkAddresses('--from', [opts.from]);
  checkAddresses('--to', opts.to ?? []);
  checkAddresses('--cc', opts.cc ?? []);
  const attachments = (opts.attach ?? []).map((path) => {
    let content: Buffer;
    try {
      content = readFileSync(path);
    } catch (err) {
      throw new BuildError('E_ATTACH', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'check the path given to --attach');
    }
    return { filename: basename(path), content };
  });
  const text = opts.text !== undefined ? textElement('plain', opts.text, charset, encoding) : undefined;
  const html = opts.html !== undefined ? textElement('html', opts.html, charset, encoding) : undefined;
  const texts = [text, html].filter((t): t is TextElement => t !== undefined);
  // the one part of the message, written by us: MailComposer only gives the header fields
  const ownRoot = texts.length === 1 && attachments.length === 0 && 'raw' in texts[0]! ? texts[0].raw : undefined;
  const composer = new MailComposer({
    from: opts.from,
    ...(opts.to?.length ? { to: [...opts.to] } : {}),
    ...(opts.cc?.length ? { cc: [...opts.cc] } : {}),
    ...(opts.subject !== undefined ? { subject: opts.subject } : {}),
    ...(ownRoot !== undefined ? { text: '' } : {}),
    ...(ownRoot === undefined && text !== undefined ? { text } : {}),
    ...(ownRoot === undefined && html !== undefined ? { html } : {}),
    ...(texts.length === 0 && attachments.length === 0 ? { text: '' } : {}),
    attachments,
    ...(opts.date ? { date: opts.date } : {}),
    ...(opts.messageId ? { messageId: opts.messageId } : {}),
    ...(opts.boundary ? { baseBoundary: opts.boundary } : {}),
  } as ConstructorParameters<typeof MailComposer>[0]);
  const message = ensureCrlf(await composer.compile().build());
  return ownRoot === undefined ? message : withOwnTextPart(message, ownRoot);
}

/** Every line end CRLF, as on the wire (RFC 5322 §2.1). */
function ensureCrlf(message: Buffer): Buffer {
  return Buffer.from(message.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
}
