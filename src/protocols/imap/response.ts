/**
 * Serializer for IMAP server responses: reply values in, wire bytes out. The one place that
 * writes IMAP syntax for the server; handlers build values (conventions.md 3).
 *
 * RFC 3501 §9:
 *
 *   response        = *(continue-req / response-data) response-done
 *   continue-req    = "+" SP (resp-text / base64) CRLF
 *   response-data   = "*" SP (resp-cond-state / resp-cond-bye / mailbox-data /
 *                     message-data / capability-data) CRLF
 *   response-tagged = tag SP resp-cond-state CRLF
 *   resp-cond-state = ("OK" / "NO" / "BAD") SP resp-text
 *   resp-cond-bye   = "BYE" SP resp-text
 *   resp-cond-auth  = ("OK" / "PREAUTH") SP resp-text
 *   resp-text       = ["[" resp-text-code "]" SP] text
 *   resp-text-code  = "ALERT" / "BADCHARSET" [SP "(" astring *(SP astring) ")"] / capability-data /
 *                     "PARSE" / "PERMANENTFLAGS" SP "(" [flag-perm *(SP flag-perm)] ")" /
 *                     "READ-ONLY" / "READ-WRITE" / "TRYCREATE" / "UIDNEXT" SP nz-number /
 *                     "UIDVALIDITY" SP nz-number / "UNSEEN" SP nz-number /
 *                     atom [SP 1*<any TEXT-CHAR except "]">]
 *   text            = 1*TEXT-CHAR                   ; RFC 9051 allows it to be empty
 *   nil             = "NIL"
 *   string          = quoted / literal
 *   quoted          = DQUOTE *QUOTED-CHAR DQUOTE
 *   literal         = "{" number "}" CRLF *CHAR8
 *
 * Strings become quoted strings when they can (7-bit, no CR/LF/NUL, at most MAX_QUOTED_OCTETS),
 * literals otherwise. Buffers are always literals (message data).
 */
import { MAX_QUOTED_OCTETS } from './limits.js';

/** A bare word written as is: `FETCH`, `\Seen`, `\*`, `RFC822.SIZE`. */
export type ImapAtom = { readonly type: 'atom'; readonly value: string };
/** Text written as is, spaces allowed: a FETCH key such as `BODY[HEADER.FIELDS (SUBJECT)]<0>`. */
export type ImapRaw = { readonly type: 'raw'; readonly value: string };
/** A value forced to be a literal. */
export type ImapLiteralValue = { readonly type: 'literal'; readonly data: Buffer | string };
/**
 * Finished wire bytes written verbatim, literals (`{n}\r\n...`) included: ENVELOPE and
 * BODYSTRUCTURE as src/mime builds them, so they go out exactly as Dovecot would send them.
 */
export type ImapWire = { readonly type: 'wire'; readonly bytes: Buffer };

/**
 * An IMAP value: null is NIL, numbers are numbers, strings are quoted or literal as needed,
 * Buffers are literals, arrays are parenthesised lists.
 */
export type ImapValue = null | number | string | Buffer | ImapAtom | ImapRaw | ImapLiteralValue | ImapWire | readonly ImapValue[];

/** `[NAME args]`; a plain string is a code without arguments. */
export type ResponseCode = string | { readonly name: string; readonly args?: readonly ImapValue[] };

export type TaggedStatus = 'OK' | 'NO' | 'BAD';
export type UntaggedStatus = TaggedStatus | 'BYE' | 'PREAUTH';

export type ImapResponse =
  | {
      readonly type: 'tagged';
      readonly tag: string;
      readonly status: TaggedStatus;
      readonly code?: ResponseCode | undefined;
      readonly text: string;
    }
  | {
      readonly type: 'status';
      readonly status: UntaggedStatus;
      readonly code?: ResponseCode | undefined;
      readonly text: string;
    }
  /** `* ` followed by the values separated by spaces: `* 3 EXISTS`, `* 1 FETCH (UID 7)`. */
  | { readonly type: 'data'; readonly values: readonly ImapValue[] }
  | { readonly type: 'continuation'; readonly text: string };

export type SerializeOptions = {
  /** UTF8=ACCEPT is enabled (RFC 6855): 8-bit text may be quoted instead of sent as a literal. */
  readonly utf8?: boolean;
};

export function atom(value: string): ImapAtom {
  if (!/^[\x21-\x7e]+$/.test(value) || /[(){"]/.test(value)) {
    throw new Error(`not an IMAP atom: ${JSON.stringify(value)}`);
  }
  return { type: 'atom', value };
}

/** Pre-serialized wire bytes, written as they are. */
export function wire(bytes: Buffer): ImapWire {
  return { type: 'wire', bytes };
}

export function raw(value: string): ImapRaw {
  if (/[\r\n]/.test(value)) throw new Error(`raw IMAP text cannot hold CR or LF: ${JSON.stringify(value)}`);
  return { type: 'raw', value };
}

export function literal(data: Buffer | string): ImapLiteralValue {
  return { type: 'literal', data };
}

export function tagged(tag: string, status: TaggedStatus, text: string, code?: ResponseCode): ImapResponse {
  return { type: 'tagged', tag, status, code, text };
}

export function untaggedStatus(status: UntaggedStatus, text: string, code?: ResponseCode): ImapResponse {
  return { type: 'status', status, code, text };
}

export function untagged(...values: ImapValue[]): ImapResponse {
  return { type: 'data', values };
}

export function continuation(text = ''): ImapResponse {
  return { type: 'continuation', text };
}

const CRLF = Buffer.from('\r\n');

class Writer {
  private readonly chunks: Buffer[] = [];
  private text = '';

  constructor(private readonly options: SerializeOptions) {}

  write(text: string): void {
    this.text += text;
  }

  writeBytes(bytes: Buffer): void {
    this.flush();
    this.chunks.push(bytes);
  }

  value(v: ImapValue): void {
    if (v === null) return this.write('NIL');
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v) || v < 0) throw new Error(`not an IMAP number: ${v}`);
      return this.write(String(v));
    }
    if (typeof v === 'string') return this.string(v);
    if (Buffer.isBuffer(v)) return this.literal(v);
    if (isList(v)) {
      this.write('(');
      v.forEach((item, i) => {
        if (i > 0) this.write(' ');
        this.value(item);
      });
      return this.write(')');
    }
    switch (v.type) {
      case 'atom':
      case 'raw':
        return this.write(v.value);
      case 'literal':
        return this.literal(typeof v.data === 'string' ? Buffer.from(v.data, 'utf8') : v.data);
      case 'wire':
        return this.writeBytes(v.bytes);
    }
  }

  string(s: string): void {
    if (canQuote(s, this.options.utf8 === true)) {
      this.write(`"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
    } else {
      this.literal(Buffer.from(s, 'utf8'));
    }
  }

  literal(bytes: Buffer): void {
    this.write(`{${bytes.length}}\r\n`);
    this.writeBytes(bytes);
  }

  finish(): Buffer {
    return Buffer.concat(this.finishParts());
  }

  /** The response as the pieces it was built from (literal data not copied). */
  finishParts(): Buffer[] {
    this.write('\r\n');
    this.flush();
    return this.chunks;
  }

  private flush(): void {
    if (this.text.length > 0) this.chunks.push(Buffer.from(this.text, 'utf8'));
    this.text = '';
  }
}

function isList(v: ImapValue): v is readonly ImapValue[] {
  return Array.isArray(v);
}

function canQuote(s: string, utf8: boolean): boolean {
  if (Buffer.byteLength(s, 'utf8') > MAX_QUOTED_OCTETS) return false;
  return utf8 ? !/[\0\r\n]/.test(s) : /^[\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(s);
}

/** Human text on a response line: one line, no control characters. */
function lineText(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]+/g, ' ');
}

function writeCode(w: Writer, code: ResponseCode | undefined): void {
  if (code === undefined) return;
  const { name, args = [] } = typeof code === 'string' ? { name: code, args: [] } : code;
  w.write(`[${atom(name).value}`);
  for (const arg of args) {
    w.write(' ');
    w.value(arg);
  }
  w.write(']');
}

function writeResponseText(w: Writer, code: ResponseCode | undefined, text: string): void {
  writeCode(w, code);
  const clean = lineText(text);
  if (clean.length > 0) w.write(code === undefined ? clean : ` ${clean}`);
}

/** Serializes one response, CRLF included. */
export function serializeResponse(response: ImapResponse, options: SerializeOptions = {}): Buffer {
  return Buffer.concat(serializeResponseParts(response, options));
}

/**
 * Serializes one response as pieces whose concatenation is serializeResponse's answer: a FETCH of
 * big literals goes to the socket without copying each message once more.
 */
export function serializeResponseParts(response: ImapResponse, options: SerializeOptions = {}): Buffer[] {
  const w = new Writer(options);
  switch (response.type) {
    case 'tagged':
      if (!/^[^\x00-\x20\x7f-\uffff(){%*"\\+]+$/.test(response.tag)) {
        throw new Error(`not a usable tag: ${JSON.stringify(response.tag)}; answer untagged instead`);
      }
      w.write(`${response.tag} ${response.status} `);
      writeResponseText(w, response.code, response.text);
      break;
    case 'status':
      w.write(`* ${response.status} `);
      writeResponseText(w, response.code, response.text);
      break;
    case 'data':
      w.write('*');
      for (const v of response.values) {
        w.write(' ');
        w.value(v);
      }
      break;
    case 'continuation':
      w.write(`+ ${lineText(response.text)}`);
      break;
  }
  return w.finishParts();
}

/** Serializes several responses into one buffer, in order. */
export function serializeResponses(responses: readonly ImapResponse[], options: SerializeOptions = {}): Buffer {
  return Buffer.concat(responses.map((r) => serializeResponse(r, options)));
}

/** Serializes a single value (no CRLF): handy for building FETCH data and for tests. */
export function serializeValue(value: ImapValue, options: SerializeOptions = {}): Buffer {
  const w = new Writer(options);
  w.value(value);
  const bytes = w.finish();
  return bytes.subarray(0, bytes.length - 2);
}
