/**
 * The wrap tap in-process: typed bytes and a pseudo-terminal's output in, the same output with
 * `#  ` explanations out, and the events a recording keeps. No tool runs here; the bytes are what
 * a pty shows for `nc -C` and `openssl s_client` (echo of typed lines, CRLF turned into CRCRLF).
 */
import { describe, expect, it } from 'vitest';
import { defaultAnnotator } from '../../../src/client/annotator.js';
import type { ClientEvent } from '../../../src/client/events.js';
import { WrapTap } from '../../../src/client/wrap/tap.js';
import { ScreenLines, shownText } from '../../../src/client/wrap/screen-lines.js';
import { describeTool } from '../../../src/client/wrap/tool.js';
import { detectProtocol } from '../../../src/client/wrap/tracker.js';
import { TypedLines } from '../../../src/client/wrap/typed-lines.js';

type Run = { readonly tap: WrapTap; readonly events: ClientEvent[]; shown: string };

function tapFor(command: string, args: readonly string[], opts: { showSecrets?: boolean } = {}): Run {
  const events: ClientEvent[] = [];
  const tap = new WrapTap({ tool: describeTool(command, args), annotator: defaultAnnotator, showSecrets: opts.showSecrets ?? false, dim: false, eol: '\n', now: () => 0, emit: (e) => events.push(e) });
  return { tap, events, shown: '' };
}

/** The learner types `line` and Enter; the pty echoes it. */
function type(run: Run, line: string): void {
  run.tap.input(Buffer.from(`${line}\r`));
  run.shown += run.tap.output(Buffer.from(`${line}\r\n`)).toString('utf8');
}

/** The server's lines, as the pty shows them (CRLF → CR CR LF). */
function hear(run: Run, ...lines: string[]): void {
  run.shown += run.tap.output(Buffer.from(lines.map((l) => `${l}\r\r\n`).join(''), 'latin1')).toString('utf8');
}

/** The shown text as lines, CRs removed. */
const screen = (run: Run): string[] => run.shown.replace(/\r/g, '').split('\n').filter((l) => l !== '');
const sent = (run: Run): string[] => run.events.flatMap((e) => (e.type === 'send' ? [e.text] : []));
const received = (run: Run): string[] => run.events.flatMap((e) => (e.type === 'recv' ? [e.text] : []));
/** The line shown right after `line`. */
const after = (run: Run, line: string): string | undefined => screen(run)[screen(run).indexOf(line) + 1];

describe('wrap tap: SMTP through nc -C', () => {
  it('explains the greeting and each reply line; the echo of a typed line is not a server line', () => {
    const run = tapFor('nc', ['-C', '127.0.0.1', '2525']);
    hear(run, '220 sandbox.test ESMTP');
    type(run, 'EHLO me');
    hear(run, '250-sandbox.test greets me', '250-PIPELINING', '250 STARTTLS');
    type(run, 'QUIT');
    hear(run, '221 2.0.0 bye');
    expect(after(run, '220 sandbox.test ESMTP')).toMatch(/^#  220 Service ready/);
    expect(after(run, 'EHLO me')).toBe('250-sandbox.test greets me');
    expect(after(run, '250-sandbox.test greets me')).toMatch(/^#  250 EHLO accepted/);
    expect(after(run, '250-PIPELINING')).toMatch(/^#  PIPELINING: /);
    expect(after(run, '221 2.0.0 bye')).toMatch(/^#  221 2\.0\.0 Goodbye/);
    expect(sent(run)).toEqual(['EHLO me', 'QUIT']);
    expect(received(run)).toEqual(['220 sandbox.test ESMTP', '250-sandbox.test greets me', '250-PIPELINING', '250 STARTTLS', '221 2.0.0 bye']);
  });

  it('the tool output passes through byte for byte; a chunk split at every boundary gives the same result', () => {
    const wire = Buffer.from('220 hi\r\r\nEHLO me\r\n250-hi\r\r\n250 SIZE 100\r\r\n', 'latin1');
    const whole = tapFor('nc', ['-C', 'h', '25']);
    whole.tap.input(Buffer.from('EHLO me\r'));
    const expected = whole.tap.output(wire).toString('utf8');
    expect(expected.replace(/#  [^\n]*\n/g, '')).toBe(wire.toString('utf8'));
    for (let cut = 1; cut < wire.length; cut++) {
      const split = tapFor('nc', ['-C', 'h', '25']);
      split.tap.input(Buffer.from('EHLO me\r'));
      const out = Buffer.concat([split.tap.output(wire.subarray(0, cut)), split.tap.output(wire.subarray(cut))]).toString('utf8');
      expect(out).toBe(expected);
    }
  });

  it('line editing: a typed line with backspaces is what is sent, and its echo (X\\b \\b) is recognised', () => {
    const run = tapFor('nc', ['-C', '127.0.0.1', '25']);
    hear(run, '220 hi');
    run.tap.input(Buffer.from('EHLX\x7fO me\r'));
    run.shown += run.tap.output(Buffer.from('EHLX\b \bO me\r\n250 hi\r\r\n')).toString('utf8');
    expect(sent(run)).toEqual(['EHLO me']);
    expect(received(run)).toEqual(['220 hi', '250 hi']);
    run.tap.input(Buffer.from('junk\x15NOOP\r'));
    run.tap.input(Buffer.from('MAIL FROM:<a@b> x\x17\x17RSET\r'));
    expect(sent(run).slice(1)).toEqual(['NOOP', 'MAIL RSET']);
  });

  it('DATA content is not taken for commands; AUTH data is redacted in events', () => {
    const run = tapFor('nc', ['-C', '127.0.0.1', '25']);
    hear(run, '220 hi');
    type(run, 'AUTH PLAIN AGFsaWNlAHNlY3JldA==');
    hear(run, '235 2.7.0 ok');
    type(run, 'AUTH LOGIN');
    hear(run, '334 VXNlcm5hbWU6');
    type(run, 'YWxpY2U=');
    hear(run, '334 UGFzc3dvcmQ6');
    type(run, 'c2VjcmV0');
    hear(run, '235 ok');
    type(run, 'DATA');
    hear(run, '354 go');
    type(run, 'QUIT');
    type(run, '.');
    hear(run, '250 queued');
    expect(sent(run)).toEqual(['AUTH PLAIN <redacted>', 'AUTH LOGIN', '<redacted>', '<redacted>', 'DATA', 'QUIT', '.']);
    expect(JSON.stringify(run.events)).not.toMatch(/AGFsaWNl|YWxpY2U=|c2VjcmV0/);
    expect(after(run, '250 queued')).toMatch(/^#  250 .*(accepted|queued|deliver)/i);
  });

  it('learner mistakes in typed lines: RCPT TO:bob, and a message line starting with "." that the tool sends without dot-stuffing', () => {
    const run = tapFor('nc', ['-C', '127.0.0.1', '25']);
    hear(run, '220 hi');
    type(run, 'EHLO me');
    hear(run, '250 hi');
    type(run, 'MAIL FROM:<alice@example.org>');
    hear(run, '250 2.1.0 ok');
    type(run, 'RCPT TO:bob');
    hear(run, '501 5.1.3 brackets');
    type(run, 'RCPT TO:<bob@example.org>');
    hear(run, '250 2.1.5 ok');
    type(run, 'DATA');
    hear(run, '354 go');
    type(run, '.hidden');
    type(run, '..kept');
    type(run, '.');
    hear(run, '250 queued');
    expect(after(run, 'RCPT TO:bob')).toBe('#  Put the address in angle brackets: RCPT TO:<bob>; many servers refuse it without them (RFC 5321 §4.1.2)');
    expect(after(run, '.hidden')).toBe(
      '#  This message line starts with "." and the tool sends it as typed, without dot-stuffing: the server takes the first "." away, ' +
        'so the line arrives as "hidden". Type "..hidden" to keep it; a line holding only "." ends the message (RFC 5321 §4.5.2)',
    );
    expect(after(run, '..kept')).toBe('#  You doubled the leading "." (dot-stuffing): the server removes one, and the line arrives as ".kept" (RFC 5321 §4.5.2)');
    expect(after(run, '.')).toBe('250 queued');
    expect(sent(run).slice(-3)).toEqual(['.hidden', '..kept', '.']);
  });

  it('--show-secrets keeps them', () => {
    const run = tapFor('nc', ['-C', '127.0.0.1', '25'], { showSecrets: true });
    hear(run, '220 hi');
    type(run, 'AUTH PLAIN AGFsaWNlAHNlY3JldA==');
    expect(sent(run)).toEqual(['AUTH PLAIN AGFsaWNlAHNlY3JldA==']);
  });

  it('server text in an explanation is escaped (ESC, OSC, BEL, C1)', () => {
    const run = tapFor('nc', ['-C', '127.0.0.1', '25']);
    hear(run, '220 hi');
    type(run, 'EHLO me');
    run.shown += run.tap.output(Buffer.concat([Buffer.from('250-\x1b]0;evil\x07 \x1b[2J'), Buffer.from([0x9b]), Buffer.from('x\r\r\n250 OK\r\r\n')])).toString('utf8');
    const note = screen(run).find((l) => l.startsWith('#  250 EHLO accepted'));
    expect(note).toContain('\\x1b]0;evil\\x07 \\x1b[2J\\x9bx');
    // eslint-disable-next-line no-control-regex
    expect(screen(run).filter((l) => l.startsWith('#')).join('\n')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });

  it('STARTTLS through nc: the go-ahead is explained, and a warning says nc cannot do TLS and what to run', () => {
    const run = tapFor('nc', ['-C', '127.0.0.1', '2525']);
    hear(run, '220 hi');
    type(run, 'STARTTLS');
    hear(run, '220 2.0.0 go ahead');
    expect(screen(run).at(-1)).toBe('#  warning: the server now waits for a TLS handshake, which nc cannot make: nothing typed from here on makes sense to it. End the tool and try: mailproto wrap -- openssl s_client -quiet -crlf -starttls smtp -connect 127.0.0.1:2525');
  });

  it('nc without -C: advice before the tool starts', () => {
    expect(tapFor('nc', ['127.0.0.1', '25']).tap.start().toString()).toMatch(/^#  nc ends each line with a bare LF.*run nc -C\n$/);
    expect(tapFor('nc', ['-C', '127.0.0.1', '25']).tap.start().length).toBe(0);
  });
});

describe('wrap tap: openssl s_client', () => {
  it('-starttls smtp: no greeting is shown; a leftover 250 line of its own EHLO is said to be one; replies pair with typed commands', () => {
    const run = tapFor('openssl', ['s_client', '-quiet', '-crlf', '-starttls', 'smtp', '-connect', '127.0.0.1:2587']);
    run.shown += run.tap.output(Buffer.from('depth=0 CN = sandbox.test\r\nverify return:1\r\n250 HELP\r\r\n')).toString('utf8');
    type(run, 'EHLO me');
    hear(run, '250-sandbox.test greets me', '250 AUTH PLAIN');
    expect(after(run, 'verify return:1')).toBe('250 HELP');
    expect(after(run, '250 HELP')).toBe('#  this line answers no command typed here: it is left over from the EHLO that openssl sent itself before STARTTLS');
    expect(after(run, '250-sandbox.test greets me')).toMatch(/^#  250 EHLO accepted/);
    expect(after(run, '250 AUTH PLAIN')).toMatch(/^#  AUTH: /);
  });

  it('without -quiet: lines starting with Q, R, K or k are its own commands, never sent; the certificate is skipped', () => {
    const run = tapFor('openssl', ['s_client', '-connect', 'mail.example.org:465']);
    expect(run.tap.start().toString()).toMatch(/takes typed lines that start with Q \(quit\), R \(renegotiate\)/);
    run.shown += run.tap.output(Buffer.from('-----BEGIN CERTIFICATE-----\r\n+OKAb3\r\n220 x\r\n-----END CERTIFICATE-----\r\n')).toString('utf8');
    expect(run.tap.protocol).toBeUndefined();
    hear(run, '220 mail.example.org ESMTP');
    type(run, 'EHLO me');
    hear(run, '250 mail.example.org');
    type(run, 'RCPT TO:<bob@example.org>');
    expect(sent(run)).toEqual(['EHLO me']);
    expect(after(run, 'RCPT TO:<bob@example.org>')).toMatch(/^#  warning: openssl s_client took this line as its own command \(R: renegotiate TLS\) and did not send it/);
    type(run, 'rcpt TO:<bob@example.org>');
    expect(sent(run)).toEqual(['EHLO me', 'rcpt TO:<bob@example.org>']);
  });
});

describe('wrap tap: POP3 and IMAP', () => {
  it('POP3: multi-line bodies are read to the lone "."; PASS and SASL answers are redacted', () => {
    const run = tapFor('nc', ['-C', '127.0.0.1', '110']);
    hear(run, '+OK ready');
    type(run, 'USER alice');
    hear(run, '+OK');
    type(run, 'PASS Sekr1t');
    hear(run, '+OK Logged in.');
    type(run, 'STAT');
    hear(run, '+OK 2 320');
    type(run, 'LIST');
    hear(run, '+OK 2 messages:', '1 120', '-ERR is no status here', '.');
    type(run, 'AUTH PLAIN');
    hear(run, '+ ');
    type(run, 'AGFsaWNlAFNla3IxdA==');
    hear(run, '-ERR [AUTH] no');
    expect(sent(run)).toEqual(['USER alice', 'PASS <redacted>', 'STAT', 'LIST', 'AUTH PLAIN', '<redacted>']);
    expect(after(run, '+OK 2 320')).toMatch(/^#  \+OK 2 messages, 320 octets/);
    expect(run.events.find((e) => e.type === 'recv' && e.text === '-ERR is no status here')).toMatchObject({ inBody: true });
    expect(JSON.stringify(run.events)).not.toMatch(/Sekr1t|AGFsaWNl/);
  });

  it('IMAP: typed tags pair completions; a literal LOGIN is redacted; server literals are counted, not explained', () => {
    const run = tapFor('nc', ['-C', '127.0.0.1', '143']);
    hear(run, '* OK [CAPABILITY IMAP4rev1 LITERAL+] ready');
    type(run, 'a LOGIN alice {6}');
    hear(run, '+ go ahead');
    type(run, 'Sekr1t');
    hear(run, 'a OK logged in');
    type(run, 'b SELECT INBOX');
    hear(run, '* 2 EXISTS', 'b OK [READ-WRITE] done');
    type(run, 'c FETCH 1 BODY[]');
    hear(run, '* 1 FETCH (BODY[] {22}', 'Subject: x', '', 'a OK no)', 'c OK done');
    expect(sent(run)).toEqual(['a LOGIN <redacted>', '<redacted>', 'b SELECT INBOX', 'c FETCH 1 BODY[]']);
    expect(after(run, '* 2 EXISTS')).toBe('#  "INBOX" holds 2 messages, numbered 1 to 2 (RFC 3501 §7.3.1)');
    expect(after(run, 'a OK no)')).toBe('c OK done');
    expect(after(run, 'c OK done')).toMatch(/^#  c OK: FETCH succeeded/);
    expect(run.events.filter((e) => e.type === 'recv' && e.inBody).map((e) => e.type === 'recv' && e.text)).toEqual(['Subject: x', '', 'a OK no)']);
  });
});

describe('wrap tap: IMAP learner mistakes go on the wire as typed', () => {
  it('a command without a tag is answered BAD: the note says so before the answer; FETCH before SELECT too', () => {
    const run = tapFor('nc', ['-C', '127.0.0.1', '143']);
    hear(run, '* OK ready');
    type(run, 'a LOGIN alice {6}');
    hear(run, '+ go ahead');
    type(run, 'Sekr1t');
    hear(run, 'a OK logged in');
    type(run, 'FETCH 1 FLAGS');
    hear(run, '* BAD no tag');
    type(run, 'b FETCH 1 FLAGS');
    hear(run, 'b BAD select first');
    type(run, 'c SELECT Old Mail');
    hear(run, 'c BAD too many');
    expect(after(run, 'FETCH 1 FLAGS')).toBe('#  No tag: every IMAP command starts with one, e.g. "a1 FETCH 1 FLAGS"; without it the server answers BAD (mailproto connect adds A001, A002 ... for you) (RFC 3501 §2.2.1)');
    expect(after(run, 'b FETCH 1 FLAGS')).toBe('#  FETCH works on a selected mailbox: SELECT INBOX (or EXAMINE it) first (RFC 3501 §3, §6.4.5)');
    expect(after(run, 'c SELECT Old Mail')).toBe('#  A mailbox name with a space must be quoted, or the server reads only its first word: c SELECT "Old Mail" (RFC 3501 §4.3, §9)');
  });
});

describe('wrap: reading the command line, the first server line, and the keyboard', () => {
  it.each<[string, readonly string[], Partial<ReturnType<typeof describeTool>>]>([
    ['openssl', ['s_client', '-quiet', '-crlf', '-starttls', 'smtp', '-connect', '127.0.0.1:2587'], { kind: 'openssl', host: '127.0.0.1', port: 2587, secure: true, starttls: 'smtp', hint: 'smtp', commandLetters: false, advice: [] }],
    ['openssl', ['s_client', '-connect', '[::1]:993'], { kind: 'openssl', host: '::1', port: 993, secure: true, hint: 'imap', commandLetters: true }],
    ['/usr/bin/nc', ['-vC', '-w', '5', 'mail.example.org', '110'], { kind: 'nc', host: 'mail.example.org', port: 110, secure: false, hint: 'pop3', advice: [] }],
    ['ncat', ['--ssl', 'h', '4465'], { kind: 'nc', host: 'h', port: 4465, secure: true }],
    ['telnet', ['127.0.0.1', '2143'], { kind: 'telnet', host: '127.0.0.1', port: 2143, secure: false, hint: 'imap' }],
  ])('%s %j', (command, args, expected) => {
    expect(describeTool(command, args)).toMatchObject(expected);
  });

  it.each<[string, 'smtp' | 'pop3' | 'imap' | undefined, 'smtp' | 'pop3' | 'imap' | undefined]>([
    ['220 mail.example.org ESMTP', undefined, 'smtp'],
    ['220-first line of a multi-line greeting', undefined, 'smtp'],
    ['+OK Dovecot ready.', undefined, 'pop3'],
    ['* OK [CAPABILITY IMAP4rev1] ready', undefined, 'imap'],
    ['* PREAUTH welcome', undefined, 'imap'],
    ['CONNECTED(00000003)', undefined, undefined],
    ['250 HELP', undefined, undefined],
    ['250 HELP', 'smtp', 'smtp'],
    ['-ERR go away', 'pop3', 'pop3'],
    ['a1 OK done', 'imap', 'imap'],
    ['verify return:1', 'smtp', undefined],
  ])('detectProtocol(%j, hint %s) = %s', (line, hint, expected) => {
    expect(detectProtocol(line, hint)).toBe(expected);
  });

  it.each<[string, readonly string[]]>([
    ['EHLO me\r', ['EHLO me']],
    ['EHLO me\n', ['EHLO me']],
    ['EHLO me\r\n', ['EHLO me', '']],
    ['MAIL\x7f\x7f\x7f\x7fRSET\r', ['RSET']],
    ['a b c\x17\x17d\r', ['a d']],
    ['abc\x15NOOP\r', ['NOOP']],
    ['x\x16\x7fy\r', ['x\x7fy']],
    ['half\x04 more\r', ['half more']],
    ['caf\u00e9\x7fe\r', ['cafe']],
  ])('typed %j → %j', (keys, lines) => {
    expect(new TypedLines().push(Buffer.from(keys, 'utf8'))).toEqual(lines);
  });

  it.each([
    ['EHLX\b \bO me', 'EHLO me'],
    ['abc\rX', 'Xbc'],
    ['\x1b[32mgreen\x1b[0m \x1b]0;title\x07text', 'green text'],
  ])('shownText(%j) = %j', (raw, shown) => {
    expect(shownText(raw)).toBe(shown);
  });
});

describe('wrap: bounded reading of the tool output', () => {
  it('a line longer than MAX_SCREEN_LINE passes through whole but is not read; the next line is', () => {
    const screenLines = new ScreenLines();
    const long = Buffer.alloc(1024 * 1024, 'a');
    const pieces = [...screenLines.push(long), ...screenLines.push(Buffer.from('\r\n220 hi\r\n'))];
    expect(Buffer.concat(pieces.map((p) => p.bytes)).length).toBe(long.length + 10);
    expect(pieces.filter((p) => p.eol).map((p) => p.line)).toEqual([undefined, '220 hi']);
  });
});
