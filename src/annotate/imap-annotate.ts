/**
 * IMAP server lines in context: tagged completions (what OK/NO/BAD means for the command it ends),
 * untagged status (greeting, PREAUTH, BYE, warnings), response codes, untagged data, and `+`
 * continuation requests (literal, IDLE, SASL challenge). Literal content is not annotated.
 */
import type { ServerLineContext } from './context.js';
import { IMAP_NO, IMAP_OK, commandRfc } from './imap-command-results.js';
import { parseImapServerLine, type ImapResponseCode, type ImapStatus } from './imap-line.js';
import { lookupImapResponseCode } from './imap-response-codes.js';
import { fetchAfterLiteralNotes } from './imap-fetch.js';
import { annotateImapData } from './imap-untagged.js';
import { cite, note, quoted, sentence } from './note.js';
import { challengeRfc, describeChallenge } from './sasl-challenge.js';

export function annotateImapLine(line: string, ctx: ServerLineContext): string[] {
  // Literal content is not explained line by line; the rest of a response after a literal is.
  if (ctx.inBody) return [];
  if (ctx.index > 0) return afterLiteralNotes(line, ctx);
  const parsed = parseImapServerLine(line);
  const verb = ctx.command?.verb.toUpperCase();
  switch (parsed.kind) {
    case 'continuation':
      return [continuationNote(parsed.text, verb, ctx.command?.args ?? '')];
    case 'status': {
      const notes = parsed.tag === '*' ? [untaggedStatusNote(parsed.status, parsed.text, parsed.code, ctx)] : [taggedNote(parsed.tag, parsed.status, parsed.text, parsed.code, ctx)];
      if (parsed.code) notes.push(responseCodeNote(parsed.code));
      return notes.filter((n) => n !== '');
    }
    case 'data':
      return annotateImapData(parsed, ctx);
    case 'other':
      return line.trim() === '' ? [] : [note('Not an IMAP response: a line starts with "*", "+" or the tag of your command', 'RFC 3501 §2.2.2')];
  }
}

/** A line that continues a response after a literal (RFC 3501 §4.3): a FETCH's remaining items, or the rest of another response. */
function afterLiteralNotes(line: string, ctx: ServerLineContext): string[] {
  const verb = ctx.command?.verb.toUpperCase();
  if (verb === 'FETCH' || verb === 'UID FETCH') return fetchAfterLiteralNotes(line);
  return [note('The rest of the response that the literal above interrupted', 'RFC 3501 §4.3')];
}

function continuationNote(text: string, verb: string | undefined, args: string): string {
  if (verb === 'IDLE') return note('+ Idling: the server will push updates (EXISTS, EXPUNGE, FETCH) as they happen; send DONE to stop', 'RFC 2177 §3');
  if (verb === 'AUTHENTICATE') {
    return note(`+ ${sentence(describeChallenge(text, args))}; or send * to cancel`, challengeRfc('RFC 3501 §6.2.2', args, text));
  }
  const size = /\{(\d+)\+?\}\s*$/.exec(args)?.[1];
  const octets = size === undefined ? 'the octets you announced in {n}' : `exactly the ${size} octets you announced`;
  return note(`+ Go ahead: send the literal now, ${octets}; the command goes on after it`, 'RFC 3501 §4.3, §7.5');
}

function taggedNote(tag: string, status: ImapStatus, text: string, code: ImapResponseCode | undefined, ctx: ServerLineContext): string {
  const command = ctx.command && (ctx.command.tag === undefined || ctx.command.tag === tag) ? ctx.command : undefined;
  const verb = command?.verb.toUpperCase();
  const what = verb ?? `the command tagged ${tag}`;
  const rfc = verb ? commandRfc(verb) : 'RFC 3501 §2.2.2';
  const says = text ? ` The server says: ${quoted(text, 80)}.` : '';
  switch (status) {
    case 'OK': {
      const meaning = verb ? IMAP_OK[verb]?.({ args: command?.args ?? '', ...(code ? { code: code.name } : {}) }) : undefined;
      return note(`${tag} OK: ${what} succeeded. ${meaning ?? ''}`, cite(rfc, 'RFC 3501 §7.1.1'));
    }
    case 'NO': {
      const meaning = verb ? (IMAP_NO[verb] ?? '') : '';
      return note(`${tag} NO: ${what} failed. ${meaning}${code ? '' : says}`, cite(rfc, 'RFC 3501 §7.1.2'));
    }
    case 'BAD': {
      const where = ctx.facts.state ? ` (you are in the ${ctx.facts.state} state)` : '';
      return note(
        `${tag} BAD: the server rejected ${what} as a protocol error: an unknown command, wrong arguments, or not allowed here${where}.${says}`,
        'RFC 3501 §7.1.3',
      );
    }
    default:
      return note(`${tag} ${status}: only untagged responses carry ${status}`, 'RFC 3501 §7.1');
  }
}

function untaggedStatusNote(status: ImapStatus, text: string, code: ImapResponseCode | undefined, ctx: ServerLineContext): string {
  const verb = ctx.command?.verb.toUpperCase();
  switch (status) {
    case 'OK': {
      if (!ctx.command && ctx.facts.state === 'not-authenticated') {
        const disabled = code?.name === 'CAPABILITY' && /\bLOGINDISABLED\b/i.test(code.args) ? ' LOGINDISABLED is listed: send STARTTLS first.' : '';
        return note(`* OK The server is ready; you are not logged in yet: LOGIN <user> <password> or AUTHENTICATE.${disabled}`, 'RFC 3501 §7.1.1');
      }
      // With a code, the code says it all (next line); without, it is a note for people.
      return code ? '' : note(`* OK Information from the server: ${quoted(text, 80)}`, 'RFC 3501 §7.1.1');
    }
    case 'NO':
      return note(`* NO A warning from the server (the command may still succeed): ${quoted(text, 80)}`, 'RFC 3501 §7.1.2');
    case 'BAD':
      return note(`* BAD The server reports a protocol error it cannot tie to a command (e.g. a line it could not read): ${quoted(text, 80)}`, 'RFC 3501 §7.1.3');
    case 'PREAUTH':
      return note('* PREAUTH You are already logged in (the authenticated state): the connection itself identified you, so do not LOGIN', 'RFC 3501 §7.1.4');
    case 'BYE':
      if (verb === 'LOGOUT') return note('* BYE The server is logging you out; the tagged OK for LOGOUT follows, then the connection closes', 'RFC 3501 §6.1.3, §7.1.5');
      return note(`* BYE The server is closing the connection now: ${quoted(text, 80)}`, 'RFC 3501 §7.1.5');
  }
}

/** `[UIDVALIDITY 3]`, `[TRYCREATE]`, ... (RFC 3501 §7.1, RFC 5530 §3). */
export function responseCodeNote(code: ImapResponseCode): string {
  const info = lookupImapResponseCode(code.name);
  if (!info) return note(`[${code.name}] is a response code this tool does not know; the text after it is for people`, 'RFC 3501 §7.1');
  const detail = info.args?.(code.args);
  return note(`[${code.name}] ${info.meaning}${detail ? ` ${detail}` : ''}${info.next ? ` ${info.next}` : ''}`, info.rfc);
}
