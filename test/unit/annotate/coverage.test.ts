/**
 * Done means: every reply code and response code the sandbox can send has an annotation. These
 * tests walk the catalogs, and the codes read from the servers' source, and ask the annotator for
 * a representative line of each.
 */
import { describe, expect, it } from 'vitest';
import { annotateServerLine } from '../../../src/annotate/annotate.js';
import { explain } from '../../../src/annotate/explain.js';
import { IMAP_RESPONSE_CODES } from '../../../src/annotate/imap-response-codes.js';
import { POP3_RESPONSE_CODES } from '../../../src/annotate/pop3-response-codes.js';
import { ENHANCED_STATUS_CODES, lookupEnhancedCode } from '../../../src/protocols/smtp/enhanced-codes.js';
import { SMTP_REPLY_CODES } from '../../../src/protocols/smtp/reply-codes.js';
import { CITED, server } from './helpers.js';
import { UNTAGGED_KINDS, UNTAGGED_STATUS } from '../../../src/annotate/imap-statuses.js';
import { imapServerCodes, imapServerUntagged, pop3ServerCodes, smtpServerPairs, smtpServerReplyCodes } from './server-codes.js';

const UNKNOWN = /does not know|not an SMTP reply code|not defined by RFC|not in the registry|not a registered/;

describe('SMTP: every reply code and enhanced code', () => {
  it.each(Object.keys(SMTP_REPLY_CODES).map(Number))('annotates %i', (code) => {
    const notes = annotateServerLine(`${code} some text`, server({ protocol: 'smtp', state: 'greeted' }, 'NOOP'));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]).toMatch(new RegExp(`^${code} \\S`));
    expect(notes[0]).toMatch(CITED);
    expect(notes[0]).not.toMatch(UNKNOWN);
  });

  it.each(Object.keys(ENHANCED_STATUS_CODES))('annotates %s in a 4xx and a 5xx reply', (key) => {
    const info = ENHANCED_STATUS_CODES[key];
    for (const [code, cls] of [[451, 4], [554, 5]] as const) {
      const enhanced = key.replace('X', String(cls));
      const [first] = annotateServerLine(`${code} ${enhanced} text`, server({ protocol: 'smtp', state: 'rcpt' }, 'DATA'));
      expect(first).toMatch(new RegExp(`^${code} ${enhanced.replace(/\./g, '\\.')} `));
      expect(first).toContain(info?.title);
      expect(first).toMatch(CITED);
      expect(first).toContain(info?.rfc.split(';')[0]?.replace(/ §.*/, ''));
    }
  });

  const basic = smtpServerReplyCodes();

  it('finds the basic reply codes in the SMTP server source, those without an enhanced code too', () => {
    expect(basic).toEqual(expect.arrayContaining([220, 221, 250, 334, 354, 421, 535, 554]));
  });

  it.each(basic)('the server sends %i: it is in the catalog and annotated', (code) => {
    expect(SMTP_REPLY_CODES[code], `reply code ${code} is missing from SMTP_REPLY_CODES`).toBeDefined();
    const notes = annotateServerLine(`${code} text`, server({ protocol: 'smtp', state: 'greeted' }, 'NOOP'));
    expect(notes[0]).toMatch(new RegExp(`^${code} \\S`));
    expect(notes[0]).toMatch(CITED);
    expect(notes[0]).not.toMatch(UNKNOWN);
  });

  const pairs = smtpServerPairs();

  it('finds the code pairs in the SMTP server source', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(25);
    // 421 4.7.0 is the refusal line of src/server/sandbox.ts, written whole as a template.
    expect(pairs).toEqual(expect.arrayContaining(['250 2.1.0', '550 5.1.1', '503 5.5.1', '535 5.7.8', '421 4.4.2', '421 4.7.0']));
  });

  it.each(pairs)('annotates the server reply %s with both codes', (pair) => {
    const [code, enhanced] = pair.split(' ') as [string, string];
    const [first] = annotateServerLine(`${code} ${enhanced} text`, server({ protocol: 'smtp', state: 'greeted' }, 'NOOP'));
    expect(first?.startsWith(`${code} ${enhanced} `)).toBe(true);
    expect(first).toContain(lookupEnhancedCode(enhanced)?.title);
    expect(first).toMatch(CITED);
    expect(first).not.toMatch(UNKNOWN);
  });
});

describe('POP3: every response code', () => {
  const fromServer = pop3ServerCodes();

  it('finds the response codes in the POP3 server source', () => {
    expect(fromServer).toEqual(expect.arrayContaining(['IN-USE', 'AUTH', 'SYS/TEMP']));
  });

  it.each(['+OK', '-ERR'])('annotates the status %s', (status) => {
    const notes = annotateServerLine(`${status} text`, server({ protocol: 'pop3', state: 'transaction' }, 'NOOP'));
    expect(notes[0]?.startsWith(`${status} `), notes[0]).toBe(true);
    expect(notes[0]).toMatch(CITED);
  });

  it.each([...new Set([...Object.keys(POP3_RESPONSE_CODES), ...fromServer])])('annotates -ERR [%s]', (code) => {
    const notes = annotateServerLine(`-ERR [${code}] text`, server({ protocol: 'pop3', state: 'authorization' }, 'PASS <redacted>'));
    const line = notes.find((n) => n.startsWith(`[${code}]`));
    expect(line).toBeDefined();
    expect(line).toContain(POP3_RESPONSE_CODES[code]?.meaning);
    expect(line).toMatch(CITED);
    expect(line).not.toMatch(UNKNOWN);
  });
});

describe('IMAP: every response code', () => {
  /** Arguments that make a representative line for codes that take them. */
  const ARGS: Readonly<Record<string, string>> = {
    BADCHARSET: ' (UTF-8 US-ASCII)',
    CAPABILITY: ' IMAP4rev1 IDLE',
    PERMANENTFLAGS: ' (\\Seen \\Deleted \\*)',
    UIDNEXT: ' 8',
    UIDVALIDITY: ' 3',
    UNSEEN: ' 2',
    APPENDUID: ' 3 7',
    COPYUID: ' 3 1:2 5:6',
    HIGHESTMODSEQ: ' 715194045007',
    MODIFIED: ' 7,9',
    REFERRAL: ' imap://mail.example.org/INBOX',
  };
  const fromServer = imapServerCodes();

  it('finds the response codes in the IMAP server source', () => {
    expect(fromServer.length).toBeGreaterThanOrEqual(15);
    expect(fromServer).toEqual(expect.arrayContaining(['TRYCREATE', 'AUTHENTICATIONFAILED', 'READ-WRITE', 'UIDVALIDITY', 'COPYUID', 'TOOBIG', 'UNAVAILABLE']));
  });

  it.each([...Object.keys(UNTAGGED_STATUS).map((s) => `* ${s}`), 'A1 OK', 'A1 NO', 'A1 BAD'])('annotates the status response "%s text"', (head) => {
    const notes = annotateServerLine(`${head} text`, server({ protocol: 'imap', state: 'selected' }, 'A1 NOOP'));
    expect(notes[0]?.startsWith(head), notes[0]).toBe(true);
    expect(notes[0]).toMatch(CITED);
  });

  /** One line of each untagged response the sandbox sends; a new one in the server needs a line here. */
  const UNTAGGED_SAMPLES: Readonly<Record<string, string>> = {
    CAPABILITY: '* CAPABILITY IMAP4rev1 IDLE',
    ENABLED: '* ENABLED',
    EXISTS: '* 3 EXISTS',
    EXPUNGE: '* 2 EXPUNGE',
    FETCH: '* 1 FETCH (FLAGS (\\Seen))',
    FLAGS: '* FLAGS (\\Seen \\Deleted)',
    ID: '* ID ("name" "mailproto sandbox")',
    LIST: '* LIST (\\HasNoChildren) "." INBOX',
    LSUB: '* LSUB () "." INBOX',
    NAMESPACE: '* NAMESPACE (("" ".")) NIL NIL',
    RECENT: '* 1 RECENT',
    SEARCH: '* SEARCH 2 5',
    STATUS: '* STATUS INBOX (MESSAGES 2 UNSEEN 1)',
  };
  const untagged = imapServerUntagged();

  it('finds the untagged responses in the IMAP server source', () => {
    expect(untagged).toEqual(expect.arrayContaining(['EXISTS', 'RECENT', 'FETCH', 'EXPUNGE', 'FLAGS', 'LIST', 'LSUB', 'SEARCH', 'STATUS', 'CAPABILITY']));
  });

  it.each(untagged)('the server sends untagged %s: it is explained in context and by explain', (name) => {
    const line = UNTAGGED_SAMPLES[name];
    expect(line, `the IMAP server sends * ${name}: add a sample line to UNTAGGED_SAMPLES (and an explanation)`).toBeDefined();
    expect(UNTAGGED_KINDS[name], `* ${name} is missing from UNTAGGED_KINDS`).toBeDefined();
    const notes = annotateServerLine(line!, server({ protocol: 'imap', state: 'selected', selected: { name: 'INBOX', readOnly: false } }, 'A1 NOOP'));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]).toMatch(CITED);
    expect(notes.join('\n')).not.toMatch(/does not explain/);
    expect(explain(line!).parts.map((p) => p.label)).toContain(UNTAGGED_KINDS[name]?.label);
  });

  it('knows every code of RFC 3501 §7.1 and RFC 5530 §3', () => {
    const rfc3501 = ['ALERT', 'BADCHARSET', 'CAPABILITY', 'PARSE', 'PERMANENTFLAGS', 'READ-ONLY', 'READ-WRITE', 'TRYCREATE', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN'];
    const rfc5530 = [
      'UNAVAILABLE', 'AUTHENTICATIONFAILED', 'AUTHORIZATIONFAILED', 'EXPIRED', 'PRIVACYREQUIRED', 'CONTACTADMIN', 'NOPERM', 'INUSE',
      'EXPUNGEISSUED', 'CORRUPTION', 'SERVERBUG', 'CLIENTBUG', 'CANNOT', 'LIMIT', 'OVERQUOTA', 'ALREADYEXISTS', 'NONEXISTENT',
    ];
    for (const code of rfc3501) expect(IMAP_RESPONSE_CODES[code]?.rfc, code).toContain('RFC 3501 §7.1');
    for (const code of rfc5530) expect(IMAP_RESPONSE_CODES[code]?.rfc, code).toContain('RFC 5530 §3');
  });

  it.each([...new Set([...Object.keys(IMAP_RESPONSE_CODES), ...fromServer])])('annotates [%s] in a tagged and an untagged response', (code) => {
    const args = ARGS[code] ?? '';
    for (const line of [`A1 NO [${code}${args}] text`, `* OK [${code}${args}] text`]) {
      const notes = annotateServerLine(line, server({ protocol: 'imap', state: 'selected' }, 'A1 COPY 1 Archive'));
      const codeNote = notes.find((n) => n.startsWith(`[${code}]`));
      expect(codeNote, line).toBeDefined();
      expect(codeNote).toContain(IMAP_RESPONSE_CODES[code]?.meaning);
      expect(codeNote).toMatch(CITED);
      expect(codeNote).not.toMatch(UNKNOWN);
    }
  });

  it.each(Object.entries(ARGS))('says what the arguments of [%s%s] are', (code, args) => {
    const [note] = annotateServerLine(`* OK [${code}${args}] text`, server({ protocol: 'imap', state: 'selected' }, 'A1 NOOP'));
    expect(note).toMatch(/[Hh]ere:|There are \d/);
  });
});
