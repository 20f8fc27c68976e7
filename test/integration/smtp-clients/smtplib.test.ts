/**
 * Python's smtplib against the sandbox: every way a script would deliver (plain, STARTTLS, the
 * three AUTH mechanisms, implicit TLS, submission, SMTPUTF8). Each message is then looked for on
 * disk in the recipient's Maildir `new/`, and its trace fields are checked (RFC 5321 §4.4, RFC 3848).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNewMessage, headerFields } from '../../helpers/maildir-files.js';
import { requireTool } from '../../helpers/require-tool.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { python } from '../../helpers/tools.js';

/** argv: port, marker (used as Subject so the test can find its message). */
const PRELUDE = String.raw`
import smtplib, ssl, sys
from email.message import EmailMessage
port = int(sys.argv[1]); marker = sys.argv[2]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
def text(frm='alice@sandbox.test', to='bob@sandbox.test'):
    return 'From: %s\r\nTo: %s\r\nSubject: %s\r\n\r\nHello from smtplib.\r\n' % (frm, to, marker)
def creds(s):
    s.user, s.password = 'alice', 'password'
`;

let sb: TestSandbox;

beforeAll(async () => {
  requireTool('python3');
  sb = await startTestSandbox();
});
afterAll(async () => sb?.stop());

/** Runs the Python body; fails the test with Python's traceback when it does not exit 0. */
async function smtplib(body: string, port: number | null, marker: string): Promise<string> {
  if (port === null) throw new Error('service not running');
  const r = await python(PRELUDE + body, [String(port), marker]);
  if (r.code !== 0) throw new Error(`python3 exited ${String(r.code)}\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/**
 * Finds the message on disk, checks the store API sees the same bytes, and returns its unfolded
 * header fields: Return-Path first, then our Received (RFC 5321 §4.4: prepended at delivery).
 */
async function delivered(user: string, marker: string): Promise<{ fields: string[]; text: string; raw: Buffer }> {
  const onDisk = await findNewMessage(sb.dataDir, user, marker);
  const infos = await sb.store.messages(user, 'INBOX');
  const info = infos.find((m) => onDisk.file.startsWith(m.key));
  expect(info, `store does not list ${onDisk.file}`).toBeDefined();
  expect((await sb.store.read(user, 'INBOX', info!.uid)).equals(onDisk.raw)).toBe(true);
  return { fields: headerFields(onDisk.text), text: onDisk.text, raw: onDisk.raw };
}

/** `Received: from laptop.test ([127.0.0.1]) by sandbox.test (mailproto sandbox) with PROTO id QUEUEID for <rcpt>; date` */
function receivedPattern(proto: string, rcpt: string): RegExp {
  const esc = rcpt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^Received: from laptop\\.test \\(\\[127\\.0\\.0\\.1\\]\\) by sandbox\\.test \\(mailproto sandbox\\) with ${proto} id [0-9A-F]{10} for <${esc}>; \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}$`);
}

describe('Python smtplib delivers to the sandbox', () => {
  it('(a) plain SMTP with EHLO and no AUTH on the smtp port: WITH ESMTP', async () => {
    await smtplib(
      `s = smtplib.SMTP('127.0.0.1', port, local_hostname='laptop.test')
print(s.sendmail('alice@sandbox.test', ['bob@sandbox.test'], text()))
s.quit()`,
      sb.ports.smtp,
      'smtplib-a',
    );
    const m = await delivered('bob', 'smtplib-a');
    expect(m.fields[0]).toBe('Return-Path: <alice@sandbox.test>');
    expect(m.fields[1]).toMatch(receivedPattern('ESMTP', 'bob@sandbox.test'));
    expect(m.text).toContain('\r\n\r\nHello from smtplib.\r\n');
  });

  it('(a) with HELO instead of EHLO: WITH SMTP', async () => {
    await smtplib(
      `s = smtplib.SMTP('127.0.0.1', port, local_hostname='laptop.test')
s.helo()
s.sendmail('alice@sandbox.test', ['bob@sandbox.test'], text())
s.quit()`,
      sb.ports.smtp,
      'smtplib-helo',
    );
    const m = await delivered('bob', 'smtplib-helo');
    expect(m.fields[0]).toBe('Return-Path: <alice@sandbox.test>');
    expect(m.fields[1]).toMatch(receivedPattern('SMTP', 'bob@sandbox.test'));
  });

  it('(b) STARTTLS then AUTH PLAIN on submission: WITH ESMTPSA', async () => {
    const out = await smtplib(
      `s = smtplib.SMTP('127.0.0.1', port, local_hostname='laptop.test')
s.ehlo()
print(s.starttls(context=ctx)[0])
s.ehlo()
creds(s)
print(s.auth('PLAIN', s.auth_plain)[0])
s.sendmail('alice@sandbox.test', ['bob@sandbox.test'], text())
s.quit()`,
      sb.ports.submission,
      'smtplib-b',
    );
    expect(out.split('\n').slice(0, 2)).toEqual(['220', '235']);
    const m = await delivered('bob', 'smtplib-b');
    expect(m.fields[0]).toBe('Return-Path: <alice@sandbox.test>');
    expect(m.fields[1]).toMatch(receivedPattern('ESMTPSA', 'bob@sandbox.test'));
  });

  it('(c) STARTTLS then AUTH LOGIN (forced) on submission: WITH ESMTPSA', async () => {
    const out = await smtplib(
      `s = smtplib.SMTP('127.0.0.1', port, local_hostname='laptop.test')
s.ehlo(); s.starttls(context=ctx); s.ehlo()
creds(s)
print(s.auth('LOGIN', s.auth_login)[0])
s.sendmail('alice@sandbox.test', ['alice@sandbox.test'], text(to='alice@sandbox.test'))
s.quit()`,
      sb.ports.submission,
      'smtplib-c',
    );
    expect(out.trim()).toBe('235');
    const m = await delivered('alice', 'smtplib-c');
    expect(m.fields[0]).toBe('Return-Path: <alice@sandbox.test>');
    expect(m.fields[1]).toMatch(receivedPattern('ESMTPSA', 'alice@sandbox.test'));
  });

  it('(d) AUTH CRAM-MD5 without TLS on loopback: WITH ESMTPA; a wrong password is 535', async () => {
    const out = await smtplib(
      `s = smtplib.SMTP('127.0.0.1', port, local_hostname='laptop.test')
s.ehlo()
s.user, s.password = 'alice', 'wrong'
try:
    s.auth('CRAM-MD5', s.auth_cram_md5)
    print('accepted wrong password')
except smtplib.SMTPAuthenticationError as e:
    print(e.smtp_code)
creds(s)
print(s.auth('CRAM-MD5', s.auth_cram_md5)[0])
s.sendmail('alice@sandbox.test', ['bob@sandbox.test'], text())
s.quit()`,
      sb.ports.submission,
      'smtplib-d',
    );
    expect(out.trim().split('\n')).toEqual(['535', '235']);
    const m = await delivered('bob', 'smtplib-d');
    expect(m.fields[1]).toMatch(receivedPattern('ESMTPA', 'bob@sandbox.test'));
  });

  it('(e) SMTP_SSL on smtps with login(): WITH ESMTPSA', async () => {
    const out = await smtplib(
      `s = smtplib.SMTP_SSL('127.0.0.1', port, local_hostname='laptop.test', context=ctx)
print(s.sock.version())
print(s.login('alice', 'password')[0])
s.sendmail('alice@sandbox.test', ['bob@sandbox.test'], text())
s.quit()`,
      sb.ports.smtps,
      'smtplib-e',
    );
    const [version, code] = out.trim().split('\n');
    expect(version).toMatch(/^TLSv1\.[23]$/);
    expect(code).toBe('235');
    const m = await delivered('bob', 'smtplib-e');
    expect(m.fields[0]).toBe('Return-Path: <alice@sandbox.test>');
    expect(m.fields[1]).toMatch(receivedPattern('ESMTPSA', 'bob@sandbox.test'));
  });

  it('(f) submission refuses MAIL before AUTH with 530, then accepts after login()', async () => {
    const out = await smtplib(
      `s = smtplib.SMTP('127.0.0.1', port, local_hostname='laptop.test')
try:
    s.sendmail('alice@sandbox.test', ['bob@sandbox.test'], text())
    print('sent without auth')
except smtplib.SMTPSenderRefused as e:
    print(e.smtp_code, e.smtp_error.decode())
s.starttls(context=ctx)
s.login('alice', 'password')
s.sendmail('alice@sandbox.test', ['bob@sandbox.test'], text())
s.quit()`,
      sb.ports.submission,
      'smtplib-f',
    );
    expect(out.trim()).toMatch(/^530 5\.7\.0 Authentication required/);
    const m = await delivered('bob', 'smtplib-f');
    expect(m.fields[1]).toMatch(receivedPattern('ESMTPSA', 'bob@sandbox.test'));
  });

  it('(g) send_message with an SMTPUTF8 sender and an 8-bit UTF-8 body: WITH UTF8SMTP, bytes kept', async () => {
    await smtplib(
      `m = EmailMessage()
m['From'] = 'Zoë <zoë@sandbox.test>'
m['To'] = 'bob@sandbox.test'
m['Subject'] = marker + ' Grüße'
m.set_content('Grüße aus Köln: naïve café, ✓ 漢字\\n', charset='utf-8', cte='8bit')
s = smtplib.SMTP('127.0.0.1', port, local_hostname='laptop.test')
s.send_message(m, mail_options=['SMTPUTF8'])
s.quit()`,
      sb.ports.smtp,
      'smtplib-g',
    );
    const m = await delivered('bob', 'smtplib-g');
    expect(m.fields[0]).toBe('Return-Path: <zoë@sandbox.test>');
    expect(m.fields[1]).toMatch(receivedPattern('UTF8SMTP', 'bob@sandbox.test'));
    expect(m.fields).toContain('From: Zoë <zoë@sandbox.test>');
    expect(m.fields).toContain('Subject: smtplib-g Grüße');
    // The body is stored as the 8-bit UTF-8 octets that were sent, not re-encoded.
    expect(m.raw.includes(Buffer.from('\r\n\r\nGrüße aus Köln: naïve café, ✓ 漢字\r\n', 'utf8'))).toBe(true);
  });

  it('logged one delivered event per message, and every message file is in new/', async () => {
    const delivered = sb.log.events.filter((e) => e.event === 'delivered');
    expect(delivered).toHaveLength(8);
    expect(delivered.filter((e) => e.user === 'alice')).toHaveLength(1);
    expect((await sb.store.messages('bob', 'INBOX')).length).toBe(7);
  });
});
