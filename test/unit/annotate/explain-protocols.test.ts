import { afterEach, describe, expect, it, vi } from 'vitest';
import { explain, formatExplanation, formatExplanationLine, type Explanation } from '../../../src/annotate/explain.js';
import { IMAP_RESPONSE_CODES } from '../../../src/annotate/imap-response-codes.js';
import { POP3_RESPONSE_CODES } from '../../../src/annotate/pop3-response-codes.js';
import { TAGGED_STATUS, UNTAGGED_KINDS, UNTAGGED_STATUS } from '../../../src/annotate/imap-statuses.js';
import { buildProgram } from '../../../src/cli/main.js';

const kinds = (e: Explanation) => e.parts.map((p) => p.kind);

describe('explain: POP3', () => {
  it('explains -ERR with a response code', () => {
    const e = explain('-ERR [IN-USE] locked');
    expect(e).toMatchObject({ protocol: 'pop3', input: '-ERR [IN-USE] locked', status: '-ERR', responseCode: 'IN-USE', text: 'locked' });
    expect(kinds(e)).toEqual(['response-code', 'status']);
    expect(e.parts[0]).toMatchObject({ label: '[IN-USE] response code', meaning: POP3_RESPONSE_CODES['IN-USE']?.meaning, rfc: 'RFC 2449 §8.1.2' });
    expect(e.parts[1]).toMatchObject({ label: '-ERR negative status indicator', rfc: 'RFC 1939 §3' });
  });

  it('explains +OK and a code alone', () => {
    expect(explain('+OK 2 320')).toMatchObject({ status: '+OK', text: '2 320', parts: [{ kind: 'status', label: '+OK positive status indicator' }] });
    expect(explain('[SYS/PERM]')).toMatchObject({ protocol: 'pop3', responseCode: 'SYS/PERM', parts: [{ label: '[SYS/PERM] response code', rfc: 'RFC 3206 §4' }] });
    expect(explain('-ERR [SYS/OTHER] x').parts[0]?.label).toBe('[SYS/OTHER] response code (a detail of SYS)');
    expect(explain('-ERR [X-NEW] x').parts[0]?.label).toBe('[X-NEW] (not a registered response code)');
  });

  it.each(Object.keys(POP3_RESPONSE_CODES))('explains the code %s alone, without brackets', (code) => {
    const e = explain(code);
    expect(e).toMatchObject({ protocol: 'pop3', responseCode: code, parts: [{ kind: 'response-code', label: `[${code}] response code`, meaning: POP3_RESPONSE_CODES[code]?.meaning }] });
    expect(explain(code.toLowerCase(), { protocol: 'pop3' }).responseCode).toBe(code);
  });

  it('warns when a code comes with the wrong status', () => {
    expect(explain('+OK [IN-USE] hmm').parts.map((p) => p.label)).toContain('Warning: [IN-USE] belongs to -ERR replies');
  });
});

describe('explain: IMAP', () => {
  it('explains an untagged OK with a response code', () => {
    const e = explain('* OK [UIDVALIDITY 3] UIDs valid');
    expect(e).toMatchObject({ protocol: 'imap', tag: '*', status: 'OK', responseCode: 'UIDVALIDITY', text: 'UIDs valid' });
    expect(kinds(e)).toEqual(['response-code', 'status']);
    expect(e.parts[0]?.meaning).toContain('Here: 3.');
    expect(e.parts[0]?.rfc).toBe('RFC 3501 §7.1, §2.3.1.1; RFC 9051 §7.1');
  });

  it('explains a tagged NO with an RFC 5530 code', () => {
    const e = explain('A1 NO [AUTHENTICATIONFAILED] Invalid credentials');
    expect(e).toMatchObject({ tag: 'A1', status: 'NO', responseCode: 'AUTHENTICATIONFAILED', text: 'Invalid credentials' });
    expect(kinds(e)).toEqual(['response-code', 'status', 'tag']);
    expect(e.parts[0]).toMatchObject({ meaning: IMAP_RESPONSE_CODES.AUTHENTICATIONFAILED?.meaning, rfc: 'RFC 5530 §3' });
    expect(e.parts[1]).toMatchObject({ label: 'NO (tagged): failure', rfc: 'RFC 3501 §7.1.2' });
  });

  it.each([
    ['* 3 EXISTS', 'EXISTS', /holds 3 messages/, 'RFC 3501 §7.3.1'],
    ['* 3 EXPUNGE', 'EXPUNGE', /Message 3 was removed; every later message number moves down by one/, 'RFC 3501 §7.4.1'],
    ['* SEARCH 2 5', 'SEARCH', /Messages 2, 5 match/, 'RFC 3501 §7.2.5'],
    ['* CAPABILITY IMAP4rev1 IDLE', 'CAPABILITY', /IMAP4rev1: /, 'RFC 3501 §6.1.1'],
    ['* 1 FETCH (FLAGS (\\Seen))', 'FETCH', /flags \\Seen \(read\)/, 'RFC 3501 §7.4.2'],
  ])('explains untagged data %j', (input, status, meaning, rfc) => {
    const e = explain(input);
    expect(e).toMatchObject({ protocol: 'imap', tag: '*', status });
    expect(e.parts[0]).toMatchObject({ kind: 'untagged', meaning: expect.stringMatching(meaning), rfc });
    expect(e.parts.at(-1)?.kind).toBe('untagged');
  });

  it('puts a BODYSTRUCTURE tree into one part', () => {
    const e = explain('* 1 FETCH (BODYSTRUCTURE (("text" "plain" NIL NIL NIL "7bit" 1 1)("image" "png" NIL NIL NIL "base64" 9) "mixed"))');
    expect(e.parts[0]?.meaning).toBe('Message 1 BODYSTRUCTURE: multipart/mixed, 2 parts / 1 text/plain 7bit 1 octet, 1 line / 2 image/png base64 9 octets');
  });

  it('explains PREAUTH, BYE and continuation requests', () => {
    expect(explain('* PREAUTH ready').parts[0]).toMatchObject({ kind: 'status', rfc: 'RFC 3501 §7.1.4' });
    expect(explain('* BYE shutting down').parts[0]).toMatchObject({ kind: 'status', rfc: 'RFC 3501 §7.1.5' });
    const plus = explain('+ VXNlcm5hbWU6');
    expect(plus).toMatchObject({ tag: '+', status: '+', parts: [{ kind: 'continuation', rfc: 'RFC 3501 §7.5' }] });
    expect(plus.parts[0]?.meaning).toContain('decodes to "Username:"');
    expect(explain('A1 BYE odd').parts[0]?.label).toBe('Warning: BYE is never tagged');
  });

  it.each(['OK', 'NO', 'BAD'] as const)('explains the status %s alone, as a tagged completion and untagged', (word) => {
    for (const opts of [{}, { protocol: 'imap' as const }]) {
      const e = explain(word.toLowerCase(), opts);
      expect(e).toMatchObject({ protocol: 'imap', status: word });
      expect(e.parts).toEqual([
        { kind: 'status', ...TAGGED_STATUS[word] },
        { kind: 'status', ...UNTAGGED_STATUS[word] },
      ]);
    }
  });

  it.each(['PREAUTH', 'BYE'] as const)('explains %s alone, and that it is never tagged', (word) => {
    const e = explain(word);
    expect(e.parts[0]).toEqual({ kind: 'status', ...UNTAGGED_STATUS[word] });
    expect(e.parts[1]).toMatchObject({ kind: 'warning', label: `${word} is never tagged` });
  });

  it.each(Object.keys(UNTAGGED_KINDS))('explains the untagged response %s alone', (name) => {
    const e = explain(name);
    expect(e).toMatchObject({ protocol: 'imap', status: name });
    expect(e.parts[0]).toMatchObject({ kind: 'untagged', label: UNTAGGED_KINDS[name]?.label, rfc: UNTAGGED_KINDS[name]?.rfc });
    // CAPABILITY is a response code too: both are shown.
    expect(e.parts.map((p) => p.kind)).toEqual(IMAP_RESPONSE_CODES[name] ? ['untagged', 'response-code'] : ['untagged']);
  });

  it.each(Object.keys(IMAP_RESPONSE_CODES).filter((c) => !UNTAGGED_KINDS[c]))('explains the response code %s alone', (code) => {
    const e = explain(code);
    expect(e).toMatchObject({ protocol: 'imap', responseCode: code, parts: [{ kind: 'response-code', label: `[${code}] response code` }] });
    expect(e.parts[0]?.meaning).toContain(IMAP_RESPONSE_CODES[code]?.meaning);
  });

  it.each(['TRYCREATE', '[TRYCREATE]', '[BADCHARSET (UTF-8 US-ASCII)]'])('explains the code alone: %j', (input) => {
    const e = explain(input, { protocol: 'imap' });
    expect(e.status).toBeUndefined();
    expect(e.parts[0]?.kind).toBe('response-code');
    expect(e.parts[0]?.rfc).toMatch(/^RFC 3501 §7\.1/);
  });
});

describe('formatting POP3 and IMAP explanations', () => {
  it('heads the text with the protocol and what the input is', () => {
    expect(formatExplanation(explain('-ERR [IN-USE] locked')).split('\n')[0]).toBe('POP3 response: -ERR [IN-USE] locked');
    expect(formatExplanation(explain('[SYS/TEMP]')).split('\n')[0]).toBe('POP3 response code: [SYS/TEMP]');
    expect(formatExplanation(explain('* 3 EXISTS')).split('\n')[0]).toBe('IMAP response: * 3 EXISTS');
  });

  it('summarises one line from the response code', () => {
    expect(formatExplanationLine(explain('-ERR [IN-USE] locked'))).toMatch(/^-ERR \[IN-USE\] Your credentials were right.*\(RFC 2449 §8\.1\.2\)$/);
    expect(formatExplanationLine(explain('A1 NO [AUTHENTICATIONFAILED] bad'))).toMatch(/^A1 NO \[AUTHENTICATIONFAILED\] Login failed.*\(RFC 5530 §3\)$/);
    expect(formatExplanationLine(explain('* 3 EXISTS'))).toMatch(/^\* 3 EXISTS .*holds 3 messages.*\(RFC 3501 §7\.3\.1\)$/);
  });

  it('keeps lines within 78 columns and escapes control characters', () => {
    for (const input of ['-ERR [IN-USE] locked', '* OK [PERMANENTFLAGS (\\Seen \\*)] x', 'A1 NO [TRYCREATE] \x1b[31mred', '* CAPABILITY IMAP4rev1 AUTH=PLAIN']) {
      const text = formatExplanation(explain(input));
      for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(78);
      expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    }
  });
});

describe('mailproto explain (commander, in-process)', () => {
  afterEach(() => vi.restoreAllMocks());

  async function run(...args: string[]): Promise<{ out: string; err: string; threw?: string }> {
    let out = '';
    let err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
    try {
      await (await buildProgram()).parseAsync(['node', 'mailproto', 'explain', ...args]);
      return { out, err };
    } catch (e) {
      return { out, err, threw: (e as Error).message };
    }
  }

  it('offers every protocol with an explainer to --protocol', async () => {
    const help = await run('--help');
    expect(help.out.replace(/\s+/g, ' ')).toContain('choices: "smtp", "pop3", "imap"');
    expect((await run('--protocol', 'nntp', '250')).err).toContain("argument 'nntp' is invalid");
  });

  it('explains a POP3 line that starts with "-"', async () => {
    const r = await run('-ERR [IN-USE] locked');
    expect(r.threw).toBeUndefined();
    expect(r.out.split('\n')[0]).toBe('POP3 response: -ERR [IN-USE] locked');
    expect(r.out).toContain('  (RFC 2449 §8.1.2)');
  });

  it.each([
    [['-ERR', '[IN-USE]', 'locked', '--json'], { protocol: 'pop3', input: '-ERR [IN-USE] locked', status: '-ERR', responseCode: 'IN-USE', text: 'locked' }],
    [['* OK [UIDVALIDITY 3] UIDs valid', '--json'], { protocol: 'imap', tag: '*', status: 'OK', responseCode: 'UIDVALIDITY', text: 'UIDs valid' }],
    [['A1 NO [AUTHENTICATIONFAILED] Invalid credentials', '--json'], { protocol: 'imap', tag: 'A1', status: 'NO', responseCode: 'AUTHENTICATIONFAILED' }],
    [['* 3 EXISTS', '--json'], { protocol: 'imap', tag: '*', status: 'EXISTS' }],
    [['--protocol', 'imap', 'TRYCREATE', '--json'], { protocol: 'imap', input: 'TRYCREATE', responseCode: 'TRYCREATE' }],
  ])('prints one JSON object for %j', async (args, shape) => {
    const r = await run(...args);
    expect(r.threw).toBeUndefined();
    expect(r.out.trim().split('\n')).toHaveLength(1);
    const e = JSON.parse(r.out) as Explanation;
    expect(e).toMatchObject(shape);
    expect(e.parts.length).toBeGreaterThan(0);
    for (const p of e.parts) {
      expect(Object.keys(p).sort()).toEqual(expect.arrayContaining(['kind', 'label', 'meaning', 'rfc']));
      expect(p.rfc).toMatch(/^RFC \d+/);
    }
  });
});
