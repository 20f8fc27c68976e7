/**
 * SMTP server lines in context: one annotation per reply (on its first line), plus one per EHLO
 * keyword line and a short one on each later line of any other multi-line reply. The basic code, the enhanced code (RFC 2034, RFC 3463) and the command the reply
 * answers together decide what is said: 250 after MAIL is not 250 after the final ".".
 *
 * RFC 5321 §4.2:
 *   Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF
 */
import type { CommandRef, ServerLineContext } from './context.js';
import { ENHANCED_SUBJECTS, lookupEnhancedCode, parseEnhancedCode, type EnhancedCode } from '../protocols/smtp/enhanced-codes.js';
import { explainReplyCode } from '../protocols/smtp/reply-codes.js';
import { cite, note, quoted, sentence } from './note.js';
import { challengeRfc, describeChallenge } from './sasl-challenge.js';
import { EHLO_KEYWORDS } from './smtp-ehlo-keywords.js';
import { smtpInContext } from './smtp-in-context.js';

const REPLY = /^(\d{3})([ -]?)(.*)$/;
const ENHANCED_TOKEN = /^(\d\.\d{1,3}\.\d{1,3})(?:\s+|$)/;

/**
 * The verb a reply answers: `GREETING` for the first line of a connection, `UNSOLICITED` for a
 * line no command asked for (a 421 timeout); the final "." of DATA counts as DATA.
 */
function verbOf(command: CommandRef | undefined, state: string): string {
  if (!command) return state === 'connected' ? 'GREETING' : 'UNSOLICITED';
  const verb = command.verb.toUpperCase();
  return verb === '.' ? 'DATA' : verb;
}

export function annotateSmtpLine(line: string, ctx: ServerLineContext): string[] {
  const m = REPLY.exec(line);
  if (!m) {
    if (ctx.inBody || line.trim() === '') return [];
    return [note('Not an SMTP reply: every reply line starts with a three-digit code', 'RFC 5321 §4.2')];
  }
  const code = Number(m[1]);
  const more = m[2] === '-';
  const text = (m[3] ?? '').trim();
  const verb = verbOf(ctx.command, ctx.facts.state);

  if (ctx.index > 0) {
    // The reply was explained on its first line; an EHLO keyword line gets its own note, any other
    // line only says where it stands in the reply (RFC 5321 §4.2.1: "-" after the code, more follows).
    const keyword = text.split(/\s+/)[0]?.toUpperCase() ?? '';
    if (code === 250 && (verb === 'EHLO' || Object.hasOwn(EHLO_KEYWORDS, keyword))) return [ehloKeywordNote(text)];
    return [
      more
        ? note(`More of the ${code} reply above: a "-" after the code means another line follows`, 'RFC 5321 §4.2.1')
        : note(`The last line of the ${code} reply: a space after the code ends a multi-line reply`, 'RFC 5321 §4.2.1'),
    ];
  }
  if (verb === 'EHLO' && code === 250) {
    const what = more ? 'each following 250 line names one extension it offers' : 'it lists no extensions';
    return [note(`250 EHLO accepted: the server greets you (${quoted(text)}); ${what}`, 'RFC 5321 §4.1.1.1')];
  }
  if (code === 334) {
    const mechanism = ctx.command?.args;
    return [note(`334 ${sentence(describeChallenge(text, mechanism))}; or send * to cancel`, challengeRfc('RFC 4954 §4', mechanism, text))];
  }
  return replyNotes(code, text, verb);
}

function replyNotes(code: number, text: string, verb: string): string[] {
  const info = explainReplyCode(code);
  if (!info) return [note(`${code} is not an SMTP reply code: the first digit is 2 to 5 and the second 0 to 5`, 'RFC 5321 §4.2')];
  const context = smtpInContext(verb, code);
  const failure = code >= 400;
  const token = code >= 300 && code < 400 ? undefined : ENHANCED_TOKEN.exec(text)?.[1];
  const parsed = token === undefined ? undefined : parseEnhancedCode(token);
  const enhanced = parsed?.ok ? parsed.code : undefined;
  const enhancedInfo = enhanced ? lookupEnhancedCode(enhanced) : undefined;

  const head = enhanced ? `${code} ${enhanced.text}` : String(code);
  let body: string;
  if (failure) {
    const detail = enhancedInfo ? `${enhancedInfo.title}: ${enhancedInfo.meaning} ${enhancedInfo.next}` : `${info.meaning} ${info.next}`;
    body = context ? `${context.meaning} ${detail}` : detail;
  } else {
    body = context ? context.meaning : `${info.meaning} ${info.next}`;
    if (enhanced) body += ` (${enhanced.text}: ${enhancedInfo?.title ?? 'not in the registry'})`;
  }
  if (enhanced && !enhancedInfo) body += ` ${unregisteredDetail(enhanced)}`;
  const rfc = cite(context?.rfc ?? info.rfc, enhanced ? (enhancedInfo?.rfc ?? 'RFC 3463 §2') : undefined);
  const notes = [note(`${head} ${body}`, rfc)];
  if (enhanced && enhanced.class !== Math.floor(code / 100)) {
    notes.push(
      note(
        `Warning: ${code} and ${enhanced.text} disagree (a ${Math.floor(code / 100)}xx reply must carry a ${Math.floor(code / 100)}.x.x code); clients go by ${code}`,
        'RFC 2034 §4',
      ),
    );
  }
  return notes;
}

function unregisteredDetail(code: EnhancedCode): string {
  const subject = ENHANCED_SUBJECTS[code.subject];
  return subject ? `Detail ${code.detail} is not registered; subject ${code.subject} is about: ${subject.title.toLowerCase()}.` : '';
}

/** One EHLO keyword line: `SIZE 10485760`, `AUTH PLAIN LOGIN`. */
function ehloKeywordNote(text: string): string {
  const [word = '', ...params] = text.split(/\s+/);
  const name = word.toUpperCase();
  const info = EHLO_KEYWORDS[name];
  if (!info) {
    const privately = name.startsWith('X') ? ' Keywords starting with X are private to one kind of server.' : '';
    return note(`${quoted(name, 30)}: an extension this tool does not know.${privately}`, 'RFC 5321 §2.2.2, §4.1.1.1');
  }
  const detail = info.params?.(params);
  return note(`${name}: ${info.meaning}${detail ? ` ${detail}` : ''} ${info.next}`, info.rfc);
}
