/**
 * POP3 server lines in context: the status line after each command, the lines of CAPA, LIST,
 * UIDL and AUTH listings, SASL challenges, and the "." that ends a multi-line response. Message
 * content (RETR, TOP) is not annotated line by line.
 *
 * RFC 1939 §3, RFC 2449 §3:
 *   single-line = status [SP text] CRLF        ; status = "+OK" / "-ERR", text may start with resp-code
 *   multi-line  = single-line *dot-stuffed-line "." CRLF
 *   continue    = "+" SP [base64] CRLF          ; SASL challenge (RFC 5034 §4)
 */
import type { ServerLineContext } from './context.js';
import { cite, count, note, quoted, sentence } from './note.js';
import { POP3_CAPABILITIES } from './pop3-capabilities.js';
import { POP3_ERR, POP3_OK } from './pop3-in-context.js';
import { lookupPop3ResponseCode } from './pop3-response-codes.js';
import { challengeRfc, describeChallenge } from './sasl-challenge.js';

/** `+OK [CODE] text` / `-ERR [CODE] text`. */
export const POP3_STATUS = /^(\+OK|-ERR)(?:\s+\[([^\]]*)\])?(?:\s+(.*))?$/i;

export function annotatePop3Line(line: string, ctx: ServerLineContext): string[] {
  const verb = ctx.command?.verb.toUpperCase() ?? (ctx.facts.state === 'transaction' ? 'UNSOLICITED' : 'GREETING');
  const args = ctx.command?.args ?? '';
  if (ctx.index > 0 || ctx.inBody) return bodyLine(line, verb, args);
  if (line === '+' || line.startsWith('+ ')) {
    const mechanism = verb === 'AUTH' ? args : undefined;
    return [note(`+ ${sentence(describeChallenge(line.slice(2), mechanism))}; or send * to cancel`, challengeRfc('RFC 5034 §4', mechanism, line.slice(2)))];
  }
  const m = POP3_STATUS.exec(line);
  if (!m) {
    if (line === '') return [];
    return [note('Not a POP3 status line: a response starts with +OK or -ERR', 'RFC 1939 §3')];
  }
  const ok = m[1]?.toUpperCase() === '+OK';
  const code = m[2];
  const text = m[3] ?? '';
  const notes = [ok ? okNote(verb, args, text) : errNote(verb, text, code)];
  if (code !== undefined) notes.push(codeNote(code, ok));
  return notes;
}

function okNote(verb: string, args: string, text: string): string {
  const info = POP3_OK[verb];
  if (!info) return note(`+OK: ${verb} succeeded`, 'RFC 1939 §3');
  let meaning = info.meaning(args, text);
  if (verb === 'GREETING' && /<[^<>\s]+@[^<>\s]+>/.test(text)) {
    meaning += ' The <...@...> in it is the timestamp for an APOP login.';
  }
  return note(`+OK ${meaning}`, info.rfc);
}

function errNote(verb: string, text: string, code: string | undefined): string {
  const info = POP3_ERR[verb];
  if (code !== undefined) {
    const what = verb === 'GREETING' || verb === 'UNSOLICITED' ? 'The server reports a problem' : `${verb} failed`;
    return note(`-ERR ${what}; the response code [${code.toUpperCase()}] says why`, cite(info?.rfc ?? 'RFC 1939 §3', 'RFC 2449 §8'));
  }
  const what = info?.meaning ?? (verb === 'GREETING' ? 'The server reports an error.' : `${verb} failed.`);
  const reason = code === undefined && text ? ` The server says: ${quoted(text, 80)}.` : '';
  return note(`-ERR ${what}${reason}`, info?.rfc ?? 'RFC 1939 §3');
}

/** `[IN-USE]`, `[SYS/TEMP]`, ... (RFC 2449 §8, RFC 3206). */
export function codeNote(code: string, ok: boolean): string {
  const found = lookupPop3ResponseCode(code);
  if (!found) {
    return note(`[${code}] is a response code this tool does not know; the text after it is for people`, 'RFC 2449 §8');
  }
  const { info, key } = found;
  const sub = key !== code.toUpperCase() ? ` (${quoted(code, 30)} is a detail of ${key})` : '';
  const odd = (info.with === '-ERR' && ok) || (info.with === '+OK' && !ok) ? ` It is defined for ${info.with} replies only.` : '';
  return note(`[${code.toUpperCase()}]${sub} ${info.meaning} ${info.next}${odd}`, cite(info.rfc, 'RFC 2449 §8'));
}

/** A line inside a multi-line response. */
function bodyLine(line: string, verb: string, args: string): string[] {
  if (line === '.') {
    const what = verb === 'RETR' || verb === 'TOP' ? 'the message' : 'the list';
    return [note(`.: the end of ${what} (a line holding only ".")`, 'RFC 1939 §3')];
  }
  switch (verb) {
    case 'CAPA':
      return [capabilityNote(line)];
    case 'LIST': {
      const m = /^(\d+) (\d+)/.exec(line);
      return m ? [note(`Message ${m[1]} is ${count(m[2] ?? '0', 'octet')}`, 'RFC 1939 §5')] : [];
    }
    case 'UIDL': {
      const m = /^(\d+) (\S+)/.exec(line);
      return m ? [note(`Message ${m[1]} has the unique id ${quoted(m[2] ?? '', 70)}, the same in every session`, 'RFC 1939 §7')] : [];
    }
    case 'AUTH':
      return args.trim() === '' && line.trim() !== '' ? [note(`SASL mechanism ${quoted(line.trim(), 30)}: log in with AUTH ${line.trim()}`, 'RFC 5034 §4')] : [];
    default:
      // RETR and TOP: message content is shown, not explained line by line.
      return [];
  }
}

/** One CAPA line: a capability tag and its arguments (RFC 2449 §5). */
export function capabilityNote(line: string): string {
  const [tag = '', ...args] = line.trim().split(/\s+/);
  const name = tag.toUpperCase();
  const info = POP3_CAPABILITIES[name];
  if (!info) {
    const privately = name.startsWith('X') ? ' Capabilities starting with X are private to one kind of server.' : '';
    return note(`${quoted(name, 30)}: a capability this tool does not know.${privately}`, 'RFC 2449 §5');
  }
  const detail = info.args?.(args);
  return note(`${name}: ${info.meaning}${detail ? ` ${detail}` : ''}`, info.rfc);
}
