/**
 * Explains SMTP replies from the catalogs in src/protocols/smtp: a basic code (`550`), a code and
 * an enhanced code (`550 5.1.1`), an enhanced code alone (`5.7.1`, or a registry key `X.7.1`), or
 * a whole reply line (`421 4.4.2 timeout`, `250-SIZE 1000`, `550-5.1.1 ...`).
 *
 * RFC 5321 §4.2:
 *   Reply-line     = *( Reply-code "-" [ textstring ] CRLF )
 *                    Reply-code [ SP textstring ] CRLF
 *   Reply-code     = %x32-35 %x30-35 %x30-39
 * RFC 2034 §4: with ENHANCEDSTATUSCODES the text of 2xx, 4xx and 5xx lines starts with an
 * enhanced code (RFC 3463 §2) whose class agrees with the reply code's first digit.
 */
import {
  ENHANCED_CLASSES,
  ENHANCED_SUBJECTS,
  lookupEnhancedCode,
  parseEnhancedCode,
  type EnhancedCode,
} from '../protocols/smtp/enhanced-codes.js';
import {
  REPLY_CATEGORIES,
  REPLY_SEVERITIES,
  SMTP_REPLY_CODES,
  isValidReplyCode,
} from '../protocols/smtp/reply-codes.js';
import { ExplainError, notAReply } from './errors.js';
import { quoteInput } from './escape.js';
import { EHLO_KEYWORDS } from './smtp-ehlo-keywords.js';
import type { Explainer, Explanation, ExplanationPart } from './types.js';

const REPLY_LINE = /^(\d{3})(?:([ -])(.*))?$/;
const ENHANCED_ALONE = /^(\d+\.\d+\.\d+)(?:\s+(.*))?$/;
const REGISTRY_KEY = /^[Xx]\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})(?:\s+(.*))?$/;
/** A first word shaped like an enhanced code; whether it is a valid one is decided by the parser. */
const ENHANCED_TOKEN = /^(\d+\.\d+\.\d+)(?:\s+(.*))?$/;

export const smtpExplainer: Explainer = {
  protocol: 'smtp',
  displayName: 'SMTP',
  detect(input) {
    return REPLY_LINE.test(input) || ENHANCED_ALONE.test(input) || REGISTRY_KEY.test(input);
  },
  explain(input) {
    const line = REPLY_LINE.exec(input);
    if (line) return explainReplyLine(input, Number(line[1]), line[2], line[3]);
    const alone = ENHANCED_ALONE.exec(input);
    if (alone) return explainEnhancedAlone(input, alone[1] ?? '', alone[2]);
    const key = REGISTRY_KEY.exec(input);
    if (key) return explainRegistryKey(input, Number(key[1]), Number(key[2]), key[3]);
    throw notAReply(input);
  },
};

function explainReplyLine(input: string, code: number, separator: string | undefined, rest: string | undefined): Explanation {
  if (!isValidReplyCode(code)) {
    throw new ExplainError(
      'E_BAD_REPLY_CODE',
      `not an SMTP reply code: ${quoteInput(String(code))} (the first digit is 2 to 5 and the second 0 to 5, RFC 5321 §4.2)`,
      input,
    );
  }
  const codeParts: ExplanationPart[] = [replyCodePart(code)];
  const warnings: ExplanationPart[] = [];
  const anatomy: ExplanationPart[] = [replyDigitsPart(code)];
  let text = rest?.trim() ?? '';
  let enhanced: EnhancedCode | undefined;

  if (separator === '-') codeParts.push(continuationPart(code));

  const token = ENHANCED_TOKEN.exec(text);
  if (token) {
    const candidate = token[1] ?? '';
    const parsed = parseEnhancedCode(candidate);
    if (!parsed.ok) {
      warnings.push(invalidEnhancedWarning(candidate, parsed.reason));
    } else if (Math.floor(code / 100) === 3) {
      warnings.push(intermediateWithEnhancedWarning(code, candidate));
    } else {
      enhanced = parsed.code;
      text = token[2]?.trim() ?? '';
      codeParts.push(enhancedCodePart(enhanced));
      if (enhanced.class !== Math.floor(code / 100)) warnings.push(classMismatchWarning(code, enhanced));
      anatomy.push(enhancedClassPart(enhanced), enhancedSubjectPart(enhanced));
    }
  }

  if (!enhanced && code === 250) {
    const keyword = ehloKeywordPart(text);
    if (keyword) codeParts.push(keyword);
  }

  return {
    protocol: 'smtp',
    input,
    code,
    ...(enhanced ? { enhanced: enhanced.text } : {}),
    ...(text ? { text } : {}),
    parts: [...codeParts, ...warnings, ...anatomy],
  };
}

function explainEnhancedAlone(input: string, candidate: string, rest: string | undefined): Explanation {
  const parsed = parseEnhancedCode(candidate);
  if (!parsed.ok) {
    throw new ExplainError(
      'E_BAD_ENHANCED_CODE',
      `not a valid enhanced status code: ${quoteInput(candidate)} (${parsed.reason}, RFC 3463 §2)`,
      input,
    );
  }
  const text = rest?.trim() ?? '';
  return {
    protocol: 'smtp',
    input,
    enhanced: parsed.code.text,
    ...(text ? { text } : {}),
    parts: [enhancedCodePart(parsed.code), enhancedClassPart(parsed.code), enhancedSubjectPart(parsed.code)],
  };
}

/** `X.1.1`: the registry entry, valid with any class. */
function explainRegistryKey(input: string, subject: number, detail: number, rest: string | undefined): Explanation {
  const key = `X.${subject}.${detail}`;
  const info = lookupEnhancedCode(key);
  if (!info) {
    throw new ExplainError('E_BAD_ENHANCED_CODE', `not in the enhanced status code registry: ${quoteInput(key)}`, input);
  }
  const text = rest?.trim() ?? '';
  const subjectInfo = ENHANCED_SUBJECTS[subject];
  const parts: ExplanationPart[] = [
    { kind: 'enhanced-code', label: `${key} ${info.title}`, meaning: info.meaning, next: info.next, rfc: info.rfc },
    {
      kind: 'enhanced-class',
      label: 'X.x.x any class',
      meaning: 'X stands for the class, which this registry entry leaves open: 2 success, 4 persistent transient failure, 5 permanent failure.',
      rfc: 'RFC 3463 §2; RFC 5248',
    },
  ];
  if (subjectInfo) {
    parts.push({
      kind: 'enhanced-subject',
      label: `x.${subject}.x ${subjectInfo.title}`,
      meaning: subjectInfo.meaning,
      next: subjectInfo.next,
      rfc: subjectInfo.rfc,
    });
  }
  return { protocol: 'smtp', input, enhanced: key, ...(text ? { text } : {}), parts };
}

function replyCodePart(code: number): ExplanationPart {
  const info = SMTP_REPLY_CODES[code];
  if (info) return { kind: 'reply-code', label: `${code} reply code`, ...info };
  const severity = REPLY_SEVERITIES[Math.floor(code / 100)];
  return {
    kind: 'reply-code',
    label: `${code} reply code (not defined by RFC 5321 or its extensions)`,
    meaning: 'A code this tool does not know; clients read an unknown code by its first digit.',
    ...(severity ? { next: severity.next } : {}),
    rfc: 'RFC 5321 §4.2',
  };
}

function replyDigitsPart(code: number): ExplanationPart {
  const first = Math.floor(code / 100);
  const second = Math.floor(code / 10) % 10;
  const severity = REPLY_SEVERITIES[first];
  const category = REPLY_CATEGORIES[second];
  return {
    kind: 'reply-digits',
    label: `${first}yz ${severity?.name ?? ''}, x${second}z ${category?.name ?? ''}`,
    meaning:
      `First digit ${first}: ${severity?.meaning ?? 'unknown'}. ` +
      `Second digit ${second}: ${category?.meaning ?? 'unknown'}. ` +
      `The third digit refines the meaning within that category.`,
    ...(severity ? { next: severity.next } : {}),
    rfc: 'RFC 5321 §4.2.1',
  };
}

function continuationPart(code: number): ExplanationPart {
  return {
    kind: 'continuation',
    label: `${code}- (hyphen: more lines follow)`,
    meaning: `A hyphen after the code means this reply continues; its last line has a space after ${code} instead.`,
    next: `Keep reading until the line that starts with "${code} ".`,
    rfc: 'RFC 5321 §4.2.1',
  };
}

function ehloKeywordPart(text: string): ExplanationPart | undefined {
  const [word, ...params] = text.split(/\s+/);
  if (!word) return undefined;
  const name = word.toUpperCase();
  const info = EHLO_KEYWORDS[name];
  if (!info) return undefined;
  const detail = info.params?.(params);
  return {
    kind: 'ehlo-keyword',
    label: `${name} (EHLO extension)`,
    meaning: detail ? `${info.meaning} ${detail}` : info.meaning,
    next: info.next,
    rfc: info.rfc,
  };
}

function enhancedCodePart(code: EnhancedCode): ExplanationPart {
  const info = lookupEnhancedCode(code);
  if (info) {
    return { kind: 'enhanced-code', label: `${code.text} ${info.title}`, meaning: info.meaning, next: info.next, rfc: info.rfc };
  }
  return {
    kind: 'enhanced-code',
    label: `${code.text} (not in the IANA registry)`,
    meaning: `Detail ${code.detail} of subject ${code.subject} is not registered; read the code by its class and subject.`,
    next: ENHANCED_CLASSES[code.class].next,
    rfc: 'RFC 3463 §2; RFC 5248',
  };
}

function enhancedClassPart(code: EnhancedCode): ExplanationPart {
  const info = ENHANCED_CLASSES[code.class];
  return { kind: 'enhanced-class', label: `${code.class}.x.x ${info.title}`, meaning: info.meaning, next: info.next, rfc: info.rfc };
}

function enhancedSubjectPart(code: EnhancedCode): ExplanationPart {
  const info = ENHANCED_SUBJECTS[code.subject];
  if (info) {
    return { kind: 'enhanced-subject', label: `x.${code.subject}.x ${info.title}`, meaning: info.meaning, next: info.next, rfc: info.rfc };
  }
  return {
    kind: 'enhanced-subject',
    label: `x.${code.subject}.x (not a defined subject)`,
    meaning: `Subject ${code.subject} is not defined; only the class tells you something.`,
    rfc: 'RFC 3463 §2',
  };
}

function classMismatchWarning(code: number, enhanced: EnhancedCode): ExplanationPart {
  const first = Math.floor(code / 100);
  const says = (digit: number): string => ENHANCED_CLASSES[digit as 2 | 4 | 5]?.title.toLowerCase() ?? 'unknown';
  return {
    kind: 'warning',
    label: 'Warning: the classes disagree',
    meaning:
      `The reply code ${code} says ${says(first)} (${first}) but the enhanced code ${enhanced.text} says ` +
      `${says(enhanced.class)} (${enhanced.class}); a ${first}xx reply must carry a ${first}.x.x code.`,
    next: `Go by the reply code ${code}: clients act on it (RFC 5321 §4.2). The server is inconsistent.`,
    rfc: 'RFC 2034 §4',
  };
}

function intermediateWithEnhancedWarning(code: number, token: string): ExplanationPart {
  return {
    kind: 'warning',
    label: 'Warning: intermediate replies carry no enhanced code',
    meaning: `${code} is an intermediate (3xx) reply; enhanced codes appear only on 2xx, 4xx and 5xx replies, so "${token}" is just text.`,
    rfc: 'RFC 2034 §4',
  };
}

function invalidEnhancedWarning(token: string, reason: string): ExplanationPart {
  return {
    kind: 'warning',
    label: `Warning: ${token} is not a valid enhanced status code`,
    meaning: `It looks like one, but ${reason}; it is read as plain text.`,
    rfc: 'RFC 3463 §2',
  };
}
