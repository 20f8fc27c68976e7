/**
 * Learner mistakes in an SMTP line about to be sent: a command out of order (from the catalog's
 * states, RFC 5321 §4.1.4), an address without angle brackets (§4.1.2), AUTH before STARTTLS on a
 * remote server, and message lines that look like commands or start with "." (§4.5.2).
 */
import type { ClientLineContext } from './context.js';
import { SMTP_STATES, isCommandAllowed, lookupSmtpCommand, type SmtpState } from '../protocols/smtp/commands.js';
import { exposed, noTlsWarning, sendsSecretInClear } from './mistakes-common.js';
import { note } from './note.js';

const LOOKS_LIKE_COMMAND = /^(MAIL FROM:|RCPT TO:|(QUIT|RSET|DATA|NOOP)\s*$|(EHLO|HELO) \S+$)/i;

export function smtpMistakes(line: string, ctx: ClientLineContext): string[] {
  if (ctx.answering) return [];
  if (ctx.inData || ctx.facts.state === 'data') return dataLineMistakes(line, ctx.dotStuffing ?? 'mailproto');
  const verb = (/^\s*(\S+)/.exec(line)?.[1] ?? '').toUpperCase();
  const info = lookupSmtpCommand(verb);
  if (!info) return [];
  if (info.historic) return [note(`${verb} is a historic command: ${info.retired ?? 'servers no longer offer it'}`, 'RFC 5321 Appendix F')];
  const out: string[] = [];
  const state = ctx.facts.state as SmtpState;
  if (SMTP_STATES.includes(state) && !isCommandAllowed(info, state)) out.push(orderMistake(verb, state));
  out.push(...syntaxMistakes(verb, line.trim()));
  if (verb === 'AUTH') {
    const mechanism = line.trim().split(/\s+/)[1];
    if (ctx.facts.capabilities.length > 0 && !ctx.facts.capabilities.includes('AUTH') && state !== 'connected') {
      out.push(note('The server did not list AUTH in its EHLO reply; many servers offer it only after STARTTLS', 'RFC 4954 §3'));
    }
    if (exposed(ctx.facts) && sendsSecretInClear(mechanism)) out.push(noTlsWarning('AUTH', 'STARTTLS (and EHLO again)', 'RFC 3207 §4; RFC 4954 §4'));
  }
  return out;
}

function orderMistake(verb: string, state: SmtpState): string {
  const rfc = 'RFC 5321 §4.1.4';
  if (state === 'connected') return note(`${verb} before EHLO: greet the server first with EHLO <your-domain>; its reply lists what it offers`, rfc);
  switch (verb) {
    case 'MAIL':
      return note('A mail transaction is already open: finish it with DATA, or send RSET to start over, before another MAIL', rfc);
    case 'RCPT':
      return note('RCPT before MAIL: name the sender first with MAIL FROM:<you@example.org>', rfc);
    case 'DATA':
    case 'BDAT':
      return state === 'greeted'
        ? note(`${verb} needs a sender and a recipient first: MAIL FROM:<...>, then RCPT TO:<...>`, rfc)
        : note(`${verb} needs at least one accepted recipient first: RCPT TO:<...>`, rfc);
    default:
      return note(`${verb} is not allowed inside a mail transaction: finish it with DATA or send RSET first`, `${rfc}; RFC 4954 §4`);
  }
}

function syntaxMistakes(verb: string, line: string): string[] {
  if (verb === 'MAIL' || verb === 'RCPT') {
    const keyword = verb === 'MAIL' ? 'FROM' : 'TO';
    const example = verb === 'MAIL' ? 'MAIL FROM:<alice@example.org>' : 'RCPT TO:<bob@example.org>';
    const m = /^\S+\s+(FROM|TO)\s*:\s*(.*)$/i.exec(line);
    if (!m) return [note(`Write ${verb} as ${example}: the keyword ${keyword}:, then the address in angle brackets`, `RFC 5321 §4.1.1.${verb === 'MAIL' ? 2 : 3}`)];
    if ((m[1] ?? '').toUpperCase() !== keyword) return [note(`MAIL takes FROM: and RCPT takes TO:, e.g. ${example}`, 'RFC 5321 §4.1.1.2, §4.1.1.3')];
    const path = m[2] ?? '';
    if (!path.startsWith('<')) {
      const address = path.split(/\s+/)[0] || 'address';
      return [note(`Put the address in angle brackets: ${verb} ${keyword}:<${address}>; many servers refuse it without them`, 'RFC 5321 §4.1.2')];
    }
  }
  if ((verb === 'EHLO' || verb === 'HELO') && line.split(/\s+/).length < 2) {
    return [note(`${verb} needs your host name: ${verb} laptop.example`, 'RFC 5321 §4.1.1.1')];
  }
  return [];
}

/**
 * A message line that starts with "." (RFC 5321 §4.5.2). mailproto's session doubles the dot, so a
 * lone "." reaching here is message content (`:send` of a file that holds one) that would have
 * ended the message. A wrapped tool sends lines as typed: there the learner must double it. BDAT
 * needs no stuffing.
 */
function dataLineMistakes(line: string, stuffing: 'mailproto' | 'learner' | 'none'): string[] {
  const rfc = 'RFC 5321 §4.5.2';
  const dotted = line.startsWith('.') && line !== '.';
  if (stuffing === 'learner' && dotted) {
    const arrives = JSON.stringify(line.slice(1));
    return [
      line.startsWith('..')
        ? note(`You doubled the leading "." (dot-stuffing): the server removes one, and the line arrives as ${arrives}`, rfc)
        : note(
            `This message line starts with "." and the tool sends it as typed, without dot-stuffing: the server takes the first "." away, ` +
              `so the line arrives as ${arrives}. Type ${JSON.stringify(`.${line}`)} to keep it; a line holding only "." ends the message`,
            rfc,
          ),
    ];
  }
  if (stuffing === 'mailproto' && line === '.') {
    return [
      note(
        'A line holding only "." inside the message: sent like that it would end the message here, and the lines after it would be read as commands. ' +
          'mailproto sends it as ".." (dot-stuffing) and the server removes the extra ".", so the message keeps it',
        rfc,
      ),
    ];
  }
  if (stuffing === 'mailproto' && dotted) {
    return [
      note(
        'This message line starts with ".": it goes out with one more "." (dot-stuffing, mailproto does it) and the server removes it again, ' +
          'so your line arrives as typed. Only a line holding just "." ends the message',
        rfc,
      ),
    ];
  }
  if (LOOKS_LIKE_COMMAND.test(line)) {
    return [note('You are inside the message: this line becomes part of its text, not a command. End the message first with a line holding only "."', 'RFC 5321 §4.1.1.4')];
  }
  return [];
}
