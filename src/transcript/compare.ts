/**
 * Replies compared by meaning, for `replay --against`: what a reply says, not its words. Texts,
 * dates, queue ids, sizes and UIDVALIDITY numbers differ from run to run; these do not:
 *
 * - SMTP: the reply code of each complete reply, and its enhanced status code (RFC 5321 §4.2,
 *   RFC 3463). `250 2.1.5 ok` and `250 2.1.5 Recipient <bob@x> OK` mean the same.
 * - POP3: +OK or -ERR, and the RFC 2449 §8 response code (`-ERR [IN-USE] ...`).
 * - IMAP: the tagged status (OK, NO, BAD) and the name of its response code (`[TRYCREATE]`,
 *   `[READ-WRITE]`; `[UIDVALIDITY 3]` and `[UIDVALIDITY 9]` agree); the greeting's status too.
 *
 * Decision: POP3 and IMAP continuation requests (`+ ...`) are not compared. They invite the next
 * line; whether that line was welcome shows in the status that ends the command, and refilled
 * credentials may take fewer round trips than the recording (a one-line LOGIN for a LOGIN whose
 * password was a literal). SMTP's 334 is a reply code and is compared.
 */
import type { ClientEvent, ClientProtocol } from '../client/events.js';
import { parseResponseHead, responseCode } from '../client/sessions/imap-lines.js';

/** One reply's meaning and the line it came from. */
export type ReplyMeaning = { readonly key: string; readonly text: string };

type Recv = Extract<ClientEvent, { type: 'recv' }>;

function smtpKey(text: string): string | undefined {
  const m = /^(\d{3})(?: |$)(?:(\d\.\d{1,3}\.\d{1,3})\b)?/.exec(text);
  if (!m) return undefined;
  return m[2] ? `${m[1]} ${m[2]}` : m[1]!;
}

function pop3Key(text: string): string | undefined {
  const m = /^(\+OK|-ERR)\b\s*(?:\[([^\]\s]+)[^\]]*\])?/i.exec(text);
  if (!m) return undefined;
  return m[2] ? `${m[1]!.toUpperCase()} [${m[2].toUpperCase()}]` : m[1]!.toUpperCase();
}

function imapKey(e: Recv, greeting: boolean): string | undefined {
  const head = parseResponseHead(e.text);
  if (head.kind === 'continuation') return undefined;
  if (head.kind === 'untagged') {
    if (!greeting || !['OK', 'PREAUTH', 'BYE'].includes(head.word)) return undefined;
    const code = responseCode(head.rest);
    return code ? `* ${head.word} [${code}]` : `* ${head.word}`;
  }
  // Only the completion of the command this line belongs to (not the `)` after a literal).
  if (e.command === undefined || head.tag !== e.command || !['OK', 'NO', 'BAD'].includes(head.status)) return undefined;
  const code = responseCode(head.rest);
  return code ? `${head.status} [${code}]` : head.status;
}

/**
 * The meaning of every reply among `events` (one step of a session): what `--against` compares.
 * `greeting`: the step is the server's greeting (IMAP: its untagged status counts).
 */
export function replyMeanings(protocol: ClientProtocol, events: readonly ClientEvent[], greeting: boolean): ReplyMeaning[] {
  const out: ReplyMeaning[] = [];
  let imapGreetingSeen = false;
  for (const e of events) {
    if (e.type !== 'recv' || e.inBody) continue;
    let key: string | undefined;
    if (protocol === 'smtp') key = smtpKey(e.text);
    else if (protocol === 'pop3') key = pop3Key(e.text);
    else {
      key = imapKey(e, greeting && !imapGreetingSeen);
      imapGreetingSeen = true;
    }
    if (key !== undefined) out.push({ key, text: e.text });
  }
  return out;
}

/** True when both lists say the same, in the same order. */
export function sameMeaning(a: readonly ReplyMeaning[], b: readonly ReplyMeaning[]): boolean {
  return a.length === b.length && a.every((m, i) => m.key === b[i]!.key);
}
