/**
 * Explains IMAP responses for `mailproto explain` and `:explain`: tagged and untagged OK/NO/BAD,
 * PREAUTH and BYE (RFC 3501 §7.1), their response codes (RFC 3501 §7.1, RFC 5530 ...), untagged
 * data (`* 3 EXISTS`, `* SEARCH 2 5`), `+` continuation requests, a response code alone
 * (`[TRYCREATE]`, `TRYCREATE`), and a status or untagged response name alone (`NO`, `BYE`, `EXISTS`).
 */
import type { ServerLineContext } from './context.js';
import { notAReply } from './errors.js';
import { parseImapServerLine, type ImapResponseCode } from './imap-line.js';
import { lookupImapResponseCode } from './imap-response-codes.js';
import { CONTINUATION, TAGGED_STATUS, UNTAGGED_KINDS, UNTAGGED_STATUS } from './imap-statuses.js';
import { annotateImapData } from './imap-untagged.js';
import { cite } from './note.js';
import { decodeChallenge } from './sasl-challenge.js';
import type { Explainer, Explanation, ExplanationPart } from './types.js';

const BARE_CODE = /^\[?([A-Za-z][A-Za-z0-9.-]*)(?: ([^\]]*))?\]?$/;
/** A status word or an untagged response name on its own: `NO`, `PREAUTH`, `EXISTS`. */
const BARE_WORD = /^[A-Za-z]+$/;
const STATUS_WORDS: ReadonlySet<string> = new Set(['OK', 'NO', 'BAD', 'PREAUTH', 'BYE']);

/** A neutral session for explaining a line without one: logged in, a mailbox selected. */
const NO_SESSION: ServerLineContext = {
  facts: { protocol: 'imap', secure: false, loopback: true, state: 'selected', capabilities: [] },
  index: 0,
  inBody: false,
};

function codePart(code: ImapResponseCode): ExplanationPart {
  const info = lookupImapResponseCode(code.name);
  if (!info) {
    return {
      kind: 'response-code',
      label: `[${code.name}] (not a response code this tool knows)`,
      meaning: 'An extension\'s code or a server\'s own; the text after it is for people.',
      rfc: 'RFC 3501 §7.1',
    };
  }
  const detail = info.args?.(code.args);
  return {
    kind: 'response-code',
    label: `[${code.name}] response code`,
    meaning: detail ? `${info.meaning} ${detail}` : info.meaning,
    ...(info.next ? { next: info.next } : {}),
    rfc: cite(info.rfc),
  };
}

function shorten(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `text (RFC ...)` from the annotator, as a part. */
function noteToPart(noteText: string, label: string): ExplanationPart {
  const m = /^(.*) \(((?:RFC|draft-)[^()]*)\)$/.exec(noteText);
  return { kind: 'untagged', label, meaning: m?.[1] ?? noteText, rfc: m?.[2] ?? 'RFC 3501 §7' };
}

function explainLine(input: string): Explanation {
  const parsed = parseImapServerLine(input);
  switch (parsed.kind) {
    case 'continuation': {
      const decoded = decodeChallenge(parsed.text);
      const sasl = decoded.kind === 'text' ? ` As an AUTHENTICATE challenge the base64 decodes to "${decoded.text}".` : '';
      return {
        protocol: 'imap',
        input,
        tag: '+',
        status: '+',
        ...(parsed.text ? { text: parsed.text } : {}),
        parts: [{ kind: 'continuation', ...CONTINUATION, meaning: CONTINUATION.meaning + sasl }],
      };
    }
    case 'status': {
      const tagged = parsed.tag !== '*';
      const parts: ExplanationPart[] = [];
      if (parsed.code) parts.push(codePart(parsed.code));
      if (tagged && parsed.status !== 'OK' && parsed.status !== 'NO' && parsed.status !== 'BAD') {
        parts.push({ kind: 'warning', label: `Warning: ${parsed.status} is never tagged`, meaning: `${parsed.status} only comes untagged (with "*").`, rfc: 'RFC 3501 §7.1' });
      }
      const entry = tagged && (parsed.status === 'OK' || parsed.status === 'NO' || parsed.status === 'BAD') ? TAGGED_STATUS[parsed.status] : UNTAGGED_STATUS[parsed.status];
      parts.push({ kind: 'status', ...entry });
      if (tagged) {
        parts.push({
          kind: 'tag',
          label: `${parsed.tag} (the tag)`,
          meaning: 'The client\'s label for one command: this line completes the command sent with the same tag.',
          rfc: 'RFC 3501 §2.2.1',
        });
      }
      return {
        protocol: 'imap',
        input,
        tag: parsed.tag,
        status: parsed.status,
        ...(parsed.code ? { responseCode: parsed.code.name } : {}),
        ...(parsed.text ? { text: parsed.text } : {}),
        parts,
      };
    }
    case 'data': {
      const notes = annotateImapData(parsed, NO_SESSION);
      const parts: ExplanationPart[] = [];
      for (const n of notes) {
        const last = parts.at(-1);
        // Indented lines continue the one before (the BODYSTRUCTURE tree).
        if (n.startsWith(' ') && last) parts[parts.length - 1] = { ...last, meaning: `${last.meaning} / ${n.trim()}` };
        else parts.push(noteToPart(n, parts.length === 0 ? shorten(input) : `${parsed.name} detail`));
      }
      const kind = UNTAGGED_KINDS[parsed.name];
      if (kind) parts.push({ kind: 'untagged', label: kind.label, meaning: kind.meaning, rfc: kind.rfc });
      return { protocol: 'imap', input, tag: '*', status: parsed.name, parts };
    }
    case 'other':
      throw notAReply(input);
  }
}

/**
 * `NO`, `BYE`, `EXISTS`, `CAPABILITY` alone: the status as it means tagged and untagged, or the
 * untagged response; a word that is also a response code (CAPABILITY) gets both. Undefined for
 * any other word.
 */
function explainWord(input: string): Explanation | undefined {
  if (!BARE_WORD.test(input)) return undefined;
  const word = input.toUpperCase();
  const parts: ExplanationPart[] = [];
  if (STATUS_WORDS.has(word)) {
    if (word === 'OK' || word === 'NO' || word === 'BAD') parts.push({ kind: 'status', ...TAGGED_STATUS[word] });
    parts.push({ kind: 'status', ...UNTAGGED_STATUS[word as keyof typeof UNTAGGED_STATUS] });
    if (word === 'PREAUTH' || word === 'BYE') {
      parts.push({ kind: 'warning', label: `${word} is never tagged`, meaning: `${word} only comes untagged, as "* ${word} text".`, rfc: 'RFC 3501 §7.1' });
    }
    return { protocol: 'imap', input, status: word, parts };
  }
  const kind = UNTAGGED_KINDS[word];
  if (!kind) return undefined;
  parts.push({ kind: 'untagged', label: kind.label, meaning: kind.meaning, rfc: kind.rfc });
  if (lookupImapResponseCode(word)) parts.push(codePart({ name: word, args: '' }));
  return { protocol: 'imap', input, status: word, parts };
}

export const imapExplainer: Explainer = {
  protocol: 'imap',
  displayName: 'IMAP',
  detect(input) {
    const parsed = parseImapServerLine(input);
    if (parsed.kind === 'continuation' || parsed.kind === 'status') return true;
    if (parsed.kind === 'data') return Object.hasOwn(UNTAGGED_KINDS, parsed.name) || parsed.number !== undefined;
    if (explainWord(input)) return true;
    const bare = BARE_CODE.exec(input);
    return bare !== null && lookupImapResponseCode(bare[1] ?? '') !== undefined;
  },
  explain(input) {
    const parsed = parseImapServerLine(input);
    if (parsed.kind === 'other') {
      const word = explainWord(input);
      if (word) return word;
      const bare = BARE_CODE.exec(input);
      if (bare) {
        const code = { name: (bare[1] ?? '').toUpperCase(), args: (bare[2] ?? '').trim() };
        return { protocol: 'imap', input, responseCode: code.name, parts: [codePart(code)] };
      }
    }
    return explainLine(input);
  },
};
