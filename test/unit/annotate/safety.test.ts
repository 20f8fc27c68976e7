/**
 * Server text is shown with control characters escaped, never passed raw to the terminal
 * (security.md item 8), and the annotator never throws on what a hostile server sends.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ANNOTATION_LENGTH, annotateServerLine, checkClientLine } from '../../../src/annotate/annotate.js';
import { CITED, client, server } from './helpers.js';

const RAW_CONTROL = /[\x00-\x1f\x7f-\x9f]/;
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

const HOSTILE = [
  '\x1b]0;pwned\x07',
  '\x1b[2J\x1b[H',
  '\u009b31m',
  'tab\there',
  'nul\x00byte',
  '\r',
];

const LINES: ReadonlyArray<[string, ReturnType<typeof server>]> = [
  ...HOSTILE.flatMap((h): Array<[string, ReturnType<typeof server>]> => [
    [`220 ${h}`, server({ protocol: 'smtp', state: 'connected' })],
    [`250-${h}`, server({ protocol: 'smtp', state: 'connected' }, 'EHLO x')],
    [`250-X${h}`, server({ protocol: 'smtp', state: 'connected' }, 'EHLO x', { index: 1 })],
    [`550 5.1.1 ${h}`, server({ protocol: 'smtp', state: 'mail' }, 'RCPT TO:<a@b.c>')],
    [`334 ${b64(`${h}Username:`)}`, server({ protocol: 'smtp', state: 'greeted' }, 'AUTH LOGIN')],
    [`${h}`, server({ protocol: 'smtp', state: 'greeted' }, 'NOOP')],
    [`-ERR ${h}`, server({ protocol: 'pop3', state: 'transaction' }, 'RETR 1')],
    [`-ERR [${h}] x`, server({ protocol: 'pop3', state: 'transaction' }, 'RETR 1')],
    [`X${h}`, server({ protocol: 'pop3', state: 'authorization' }, 'CAPA', { index: 1, inBody: true })],
    [`1 ${h}`, server({ protocol: 'pop3', state: 'transaction' }, 'UIDL', { index: 1, inBody: true })],
    [`+ ${b64(h)}`, server({ protocol: 'pop3', state: 'authorization' }, 'AUTH LOGIN')],
    [`* OK ${h}`, server({ protocol: 'imap', state: 'selected' }, 'A1 NOOP')],
    [`A1 NO ${h}`, server({ protocol: 'imap', state: 'selected' }, 'A1 SELECT x')],
    [`* BYE ${h}`, server({ protocol: 'imap', state: 'selected' })],
    [`* LIST () "." "${h}"`, server({ protocol: 'imap', state: 'authenticated' }, 'A1 LIST "" *')],
    [`* STATUS "${h}" (MESSAGES 1)`, server({ protocol: 'imap', state: 'authenticated' }, 'A1 STATUS x (MESSAGES)')],
    [`* ID ("name" "${h}")`, server({ protocol: 'imap', state: 'authenticated' }, 'A1 ID NIL')],
    [`* CAPABILITY IMAP4rev1 X${h}`, server({ protocol: 'imap', state: 'authenticated' }, 'A1 CAPABILITY')],
    [`* 1 FETCH (ENVELOPE (NIL "${h}" (("${h}" NIL "a" "b")) NIL NIL NIL NIL NIL NIL NIL) BODY[TEXT] "${h}")`, server({ protocol: 'imap' }, 'A1 FETCH 1 ENVELOPE')],
    [`* 1 FETCH (BODYSTRUCTURE ("text" "plain" ("charset" "${h}") NIL NIL "7bit" 1 1 NIL ("attachment" ("filename" "${h}.txt")) NIL NIL))`, server({ protocol: 'imap' }, 'A1 FETCH 1 BODYSTRUCTURE')],
    [`+ ${b64(`${h}Password:`)}`, server({ protocol: 'imap', state: 'not-authenticated' }, 'A1 AUTHENTICATE LOGIN')],
  ]),
];

describe('annotations of hostile server text', () => {
  it.each(LINES)('escapes control characters in %j', (line, ctx) => {
    const notes = annotateServerLine(line, ctx);
    for (const n of notes) {
      expect(n).not.toMatch(RAW_CONTROL);
      expect(n.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
    }
  });

  it('shows the escaped form so the learner sees what was sent', () => {
    const [n] = annotateServerLine('* OK \x1b]0;pwned\x07', server({ protocol: 'imap' }, 'A1 NOOP'));
    expect(n).toContain('\\x1b]0;pwned\\x07');
  });

  it(`cuts an annotation at MAX_ANNOTATION_LENGTH (${MAX_ANNOTATION_LENGTH}) characters`, () => {
    const [n] = annotateServerLine(`* LIST () "." "${'x'.repeat(5000)}"`, server({ protocol: 'imap', state: 'authenticated' }, 'A1 LIST "" *'));
    expect(n?.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
    expect(annotateServerLine(`* OK ${'y'.repeat(5000)}`, server({ protocol: 'imap' }, 'A1 NOOP'))[0]?.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
  });

  it('never throws, and every note is cited or continues a cited one', () => {
    const samples = [
      '', ' ', '*', '* ', '+', '(', ')', '{', '{5}', '* 1 FETCH (', '* 1 FETCH ((((', '* 1 FETCH (BODYSTRUCTURE ("a"', 'A1 OK [', 'A1 OK [X',
      '* LIST', '* STATUS', '* NAMESPACE ((', '* ID (', '250-', '334 ====', '-ERR [', '+OK [', '* 99999999999999999999 EXISTS', '"', '\\',
      `* 1 FETCH (BODYSTRUCTURE ${'('.repeat(3000)})`,
    ];
    for (const protocol of ['smtp', 'pop3', 'imap'] as const) {
      for (const line of samples) {
        for (const ctx of [server({ protocol }), server({ protocol }, protocol === 'imap' ? 'A1 FETCH 1 ALL' : 'RETR 1'), server({ protocol }, undefined, { index: 2, inBody: true })]) {
          const notes = annotateServerLine(line, ctx);
          notes.forEach((n, i) => {
            if (n.startsWith(' ')) expect(i, n).toBeGreaterThan(0);
            else expect(n, `${protocol} ${JSON.stringify(line)}`).toMatch(CITED);
          });
        }
      }
    }
  });

  it('checks client lines with control characters without passing them on', () => {
    for (const protocol of ['smtp', 'pop3', 'imap'] as const) {
      for (const line of ['RCPT TO:\x1b[31mbob', 'a SELECT \x1b]0;x\x07 y', 'LOGN \x07', 'RETR \x1b']) {
        for (const n of checkClientLine(line, client({ protocol }))) expect(n).not.toMatch(RAW_CONTROL);
      }
    }
  });
});
