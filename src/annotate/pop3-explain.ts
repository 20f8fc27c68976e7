/**
 * Explains POP3 status lines for `mailproto explain` and `:explain`: `+OK`/`-ERR` (RFC 1939 §3)
 * and the response codes of RFC 2449 §8 and RFC 3206 (`-ERR [IN-USE] locked`), or a code alone
 * (`[SYS/TEMP]`).
 */
import { notAReply } from './errors.js';
import { POP3_STATUS } from './pop3-annotate.js';
import { lookupPop3ResponseCode } from './pop3-response-codes.js';
import type { Explainer, Explanation, ExplanationPart } from './types.js';

/** `[IN-USE]`, or without brackets (`IN-USE`, `SYS/TEMP`) when the code is one this tool knows. */
const BARE_CODE = /^\[([^\]\s]+)\]$/;
const UNBRACKETED_CODE = /^[A-Za-z][A-Za-z0-9-]*(?:\/[A-Za-z0-9-]+)*$/;

/** The code of input that is a response code alone, or undefined. */
function bareCode(input: string): string | undefined {
  const bracketed = BARE_CODE.exec(input)?.[1];
  if (bracketed !== undefined) return bracketed;
  return UNBRACKETED_CODE.test(input) && lookupPop3ResponseCode(input) !== undefined ? input : undefined;
}

export const POP3_STATUSES: Readonly<Record<'+OK' | '-ERR', Omit<ExplanationPart, 'kind'>>> = Object.freeze({
  '+OK': {
    label: '+OK positive status indicator',
    meaning:
      'The command succeeded. The text after +OK is for people, except after STAT, LIST n and UIDL n, whose form is fixed; ' +
      'after RETR, TOP, CAPA and LIST or UIDL without a number a multi-line body follows, ending with a line holding only ".".',
    next: 'Go on with the next command.',
    rfc: 'RFC 1939 §3',
  },
  '-ERR': {
    label: '-ERR negative status indicator',
    meaning: 'The command failed and changed nothing. The text says why; a [CODE] at its start says it in a way programs can read.',
    next: 'Read the text, fix the command or the state, and try again.',
    rfc: 'RFC 1939 §3',
  },
});

function codePart(code: string, status: '+OK' | '-ERR' | undefined): ExplanationPart[] {
  const found = lookupPop3ResponseCode(code);
  if (!found) {
    return [{
      kind: 'response-code',
      label: `[${code}] (not a registered response code)`,
      meaning: 'A response code this tool does not know; the text after it is for people. Codes are hierarchical: read the part before "/" first.',
      rfc: 'RFC 2449 §8',
    }];
  }
  const { key, info } = found;
  const parts: ExplanationPart[] = [{
    kind: 'response-code',
    label: key === code.toUpperCase() ? `[${key}] response code` : `[${code.toUpperCase()}] response code (a detail of ${key})`,
    meaning: info.meaning,
    next: info.next,
    rfc: info.rfc,
  }];
  if (status && info.with !== 'both' && info.with !== status) {
    parts.push({
      kind: 'warning',
      label: `Warning: [${key}] belongs to ${info.with} replies`,
      meaning: `The code is defined for ${info.with} replies; this is ${status}. Go by the status indicator.`,
      rfc: info.rfc,
    });
  }
  return parts;
}

export const pop3Explainer: Explainer = {
  protocol: 'pop3',
  displayName: 'POP3',
  detect(input) {
    if (/^(\+OK|-ERR)(\s|$)/i.test(input)) return true;
    const code = bareCode(input);
    return code !== undefined && lookupPop3ResponseCode(code) !== undefined;
  },
  explain(input): Explanation {
    const alone = bareCode(input);
    if (alone !== undefined) {
      return { protocol: 'pop3', input, responseCode: alone.toUpperCase(), parts: codePart(alone, undefined) };
    }
    const m = POP3_STATUS.exec(input);
    if (!m) throw notAReply(input);
    const status = m[1]?.toUpperCase() === '+OK' ? '+OK' : '-ERR';
    const code = m[2];
    const text = m[3]?.trim() ?? '';
    const parts: ExplanationPart[] = [{ kind: 'status', ...POP3_STATUSES[status] }];
    if (code !== undefined) parts.unshift(...codePart(code, status));
    return {
      protocol: 'pop3',
      input,
      status,
      ...(code !== undefined ? { responseCode: code.toUpperCase() } : {}),
      ...(text ? { text } : {}),
      parts,
    };
  },
};
