/**
 * Splits one IMAP server line into what it is: a continuation request, a status response
 * (tagged or untagged OK/NO/BAD, PREAUTH, BYE) with its optional response code, or untagged data.
 *
 * RFC 3501 §9 (RFC 9051 §9):
 *   continue-req    = "+" SP (resp-text / base64) CRLF
 *   response-tagged = tag SP resp-cond-state CRLF
 *   resp-cond-state = ("OK" / "NO" / "BAD") SP resp-text
 *   resp-cond-bye   = "BYE" SP resp-text
 *   resp-cond-auth  = ("OK" / "PREAUTH") SP resp-text
 *   resp-text       = ["[" resp-text-code "]" SP] text
 *   resp-text-code  = ... / atom [SP 1*<any TEXT-CHAR except "]">]
 *   message-data    = nz-number SP ("EXPUNGE" / ("FETCH" SP msg-att))
 *   mailbox-data    = "FLAGS" SP flag-list / "LIST" SP mailbox-list / "LSUB" SP mailbox-list /
 *                     "SEARCH" *(SP nz-number) / "STATUS" SP mailbox SP "(" [status-att-list] ")" /
 *                     number SP "EXISTS" / number SP "RECENT"
 */

export type ImapStatus = 'OK' | 'NO' | 'BAD' | 'PREAUTH' | 'BYE';

export type ImapResponseCode = {
  /** Upper-case name: `UIDVALIDITY`. */
  readonly name: string;
  /** The arguments as written, `''` when none. */
  readonly args: string;
};

export type ImapServerLine =
  | { readonly kind: 'continuation'; readonly text: string }
  | {
      readonly kind: 'status';
      /** `*` for untagged. */
      readonly tag: string;
      readonly status: ImapStatus;
      readonly code?: ImapResponseCode;
      readonly text: string;
    }
  /** `* 3 EXISTS` (number 3, name EXISTS) or `* SEARCH 2 5` (name SEARCH, rest "2 5"). */
  | { readonly kind: 'data'; readonly name: string; readonly number?: number; readonly rest: string }
  | { readonly kind: 'other' };

const STATUS = /^(\S+) (OK|NO|BAD|PREAUTH|BYE)(?: (.*))?$/i;
const NUMBERED = /^\* (\d+) ([A-Za-z]+)(?: (.*))?$/;
const NAMED = /^\* ([A-Za-z][A-Za-z0-9.=-]*)(?: (.*))?$/;
/** `[CODE args] text`; the arguments hold no "]". */
const CODE = /^\[([A-Za-z0-9.-]+)(?: ([^\]]*))?\](?: ?(.*))?$/;
/** Tags: 1*<any ASTRING-CHAR except "+"> (RFC 3501 §9). */
const TAG = /^[^\x00-\x20\x7f(){%*"\\+]+$/;

export function parseImapServerLine(line: string): ImapServerLine {
  if (line === '+' || line.startsWith('+ ')) return { kind: 'continuation', text: line.slice(2) };
  const status = STATUS.exec(line);
  if (status && (status[1] === '*' || TAG.test(status[1] ?? ''))) {
    const { code, text } = splitCode(status[3] ?? '');
    return {
      kind: 'status',
      tag: status[1] ?? '*',
      status: (status[2] ?? 'OK').toUpperCase() as ImapStatus,
      ...(code ? { code } : {}),
      text,
    };
  }
  const numbered = NUMBERED.exec(line);
  if (numbered) return { kind: 'data', name: (numbered[2] ?? '').toUpperCase(), number: Number(numbered[1]), rest: numbered[3] ?? '' };
  const named = NAMED.exec(line);
  if (named) return { kind: 'data', name: (named[1] ?? '').toUpperCase(), rest: named[2] ?? '' };
  return { kind: 'other' };
}

/** Splits `[CODE args] text` into the code and the text. */
export function splitCode(respText: string): { code?: ImapResponseCode; text: string } {
  const m = CODE.exec(respText);
  if (!m) return { text: respText };
  return { code: { name: (m[1] ?? '').toUpperCase(), args: (m[2] ?? '').trim() }, text: m[3] ?? '' };
}
