/**
 * A message made with `mailproto mime build` goes through the sandbox (Python's
 * smtplib sends it, imaplib fetches it back) and Python's email parser finds
 * the text, the html and the attachments intact.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../../helpers/cli-process.js';
import { runConnect } from '../../helpers/connect-cli.js';
import { requireTool } from '../../helpers/require-tool.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { python } from '../../helpers/tools.js';
import { prng } from '../../unit/mime/tools/fixtures.js';

const SEND_AND_READ = String.raw`
import email, email.policy, hashlib, imaplib, json, smtplib, sys
cfg = json.loads(sys.argv[1])
raw = open(cfg['file'], 'rb').read()
if cfg.get('send', True):
    with smtplib.SMTP('127.0.0.1', cfg['smtp'], timeout=10) as s:
        s.sendmail('alice@sandbox.test', ['bob@sandbox.test'], raw)
M = imaplib.IMAP4('127.0.0.1', cfg['imap'], timeout=10)
M.login('bob', 'password')
M.select('INBOX')
typ, ids = M.search(None, 'ALL')  # the tests send one at a time: the newest is ours
typ, data = M.fetch(ids[0].split()[-1], '(BODY.PEEK[])')
msg = email.message_from_bytes(data[0][1], policy=email.policy.default)
out = {'subject': msg['subject'], 'from': str(msg['from']), 'to': str(msg['to']), 'defects': [str(d) for d in msg.defects], 'parts': []}
for part in msg.walk():
    if part.is_multipart():
        out['parts'].append({'type': part.get_content_type()})
        continue
    payload = part.get_payload(decode=True)
    entry = {'type': part.get_content_type(), 'cte': part.get('Content-Transfer-Encoding'), 'filename': part.get_filename(), 'sha256': hashlib.sha256(payload).hexdigest(), 'defects': [str(d) for d in part.defects]}
    if part.get_content_maintype() == 'text': entry['text'] = part.get_content()
    out['parts'].append(entry)
print(json.dumps(out))
`;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('mime build → SMTP → IMAP → Python email', () => {
  let sandbox: TestSandbox;
  let dir: string;

  beforeAll(async () => {
    requireTool('python3');
    ensureBuilt();
    sandbox = await startTestSandbox();
    dir = mkdtempSync(join(tmpdir(), 'mailproto-build-'));
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function roundTrip(args: string[], messageId: string) {
    const built = execFileSync(process.execPath, ['bin/mailproto', 'mime', 'build', ...args], { cwd: ROOT });
    const file = join(dir, `${messageId}.eml`);
    writeFileSync(file, built);
    const cfg = { file, smtp: sandbox.ports.smtp, imap: sandbox.ports.imap, messageId };
    const r = await python(SEND_AND_READ, [JSON.stringify(cfg)]);
    if (r.code !== 0) throw new Error(r.stderr);
    return { built, read: JSON.parse(r.stdout) };
  }

  it('text, html and two attachments (one binary) arrive intact', async () => {
    const rand = prng(8);
    const binary = Buffer.from(Array.from({ length: 5000 }, () => Math.floor(rand() * 256)));
    const pdf = join(dir, 'report.pdf');
    const notes = join(dir, 'notes été.txt');
    writeFileSync(pdf, binary);
    writeFileSync(notes, 'line one\nline two\n');
    const text = 'Hello Bob,\nthe report is attached. Ça va?\n— Alice';
    const html = '<p>Hello Bob,<br>the <b>report</b> is attached. Ça va?</p>';
    const { built, read } = await roundTrip(
      ['--from', 'Alice Example <alice@sandbox.test>', '--to', 'bob@sandbox.test', '--subject', 'Grüße: the report', '--text', text, '--html', html, '--attach', pdf, notes],
      'first',
    );
    expect(built.toString('latin1')).toMatch(/^Message-ID: </m);
    expect(read.subject).toBe('Grüße: the report');
    expect(read.from).toBe('Alice Example <alice@sandbox.test>');
    expect(read.defects).toEqual([]);
    const parts = read.parts as Array<Record<string, unknown>>;
    expect(parts.map((p) => p.type)).toEqual(['multipart/mixed', 'multipart/alternative', 'text/plain', 'text/html', 'application/pdf', 'text/plain']);
    expect(String(parts[2]!.text).replace(/\r\n/g, '\n').trimEnd()).toBe(text);
    expect(String(parts[3]!.text).trimEnd()).toBe(html);
    expect(parts[4]).toMatchObject({ filename: 'report.pdf', sha256: sha256(binary), cte: 'base64' });
    expect(parts[5]).toMatchObject({ filename: 'notes été.txt', sha256: sha256(Buffer.from('line one\nline two\n')) });
    for (const p of parts) expect(p.defects ?? []).toEqual([]);
  });

  it.each([
    ['iso-8859-1', '8bit', '8bit'],
    ['utf-8', 'base64', 'base64'],
    ['utf-8', 'qp', 'quoted-printable'],
    ['us-ascii', 'auto', '7bit'],
  ])('--charset %s --encoding %s: the text arrives as %s and decodes right', async (charset, encoding, cte) => {
    const text = charset === 'us-ascii' ? 'Plain ASCII only.' : 'Déjà vu, naïve café.';
    const { read } = await roundTrip(['--from', 'alice@sandbox.test', '--to', 'bob@sandbox.test', '--subject', cte, '--text', text, '--charset', charset, '--encoding', encoding], cte);
    expect(read).toMatchObject({ subject: cte, from: 'alice@sandbox.test', to: 'bob@sandbox.test', defects: [] });
    const [part] = read.parts as Array<Record<string, unknown>>;
    expect(part).toMatchObject({ type: 'text/plain', cte, defects: [] });
    // one text part: the message ends with the line end that SMTP DATA needs (inside the text unless base64)
    expect(String(part!.text).replace(/\r\n/g, '\n')).toBe(cte === 'base64' ? text : `${text}\n`);
  });

  it('sent by the client\'s :send (DATA with dot-stuffing), text, html and a binary attachment are read back intact', async () => {
    const rand = prng(58);
    const binary = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i % 100 === 0 ? 0x2e : Math.floor(rand() * 256))));
    const attachment = join(dir, 'data.bin');
    writeFileSync(attachment, binary);
    const text = 'Hello Bob,\n.a line that starts with a dot\n.\nand a lone dot above. Ça va?';
    const html = '<p>Hello Bob,</p>\n.<p>a dot first</p>';
    const built = execFileSync(
      process.execPath,
      ['bin/mailproto', 'mime', 'build', '--from', 'Alice <alice@sandbox.test>', '--to', 'bob@sandbox.test', '--cc', 'carol@sandbox.test', '--subject', 'Sent with :send — ça marche', '--text', text, '--html', html, '--attach', attachment, '--encoding', 'qp'],
      { cwd: ROOT },
    );
    const file = join(dir, 'colon-send.eml');
    writeFileSync(file, built);
    const script = ['EHLO me', 'MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<bob@sandbox.test>', `:send ${file}`, 'QUIT', ''].join('\n');
    const run = await runConnect([`smtp://127.0.0.1:${sandbox.ports.smtp}`], script);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^S: 250 2\.0\.0 Ok: queued/m);
    const r = await python(SEND_AND_READ, [JSON.stringify({ file, imap: sandbox.ports.imap, send: false })]);
    if (r.code !== 0) throw new Error(r.stderr);
    const read = JSON.parse(r.stdout);
    expect(read).toMatchObject({ subject: 'Sent with :send — ça marche', from: 'Alice <alice@sandbox.test>', to: 'bob@sandbox.test', defects: [] });
    const parts = read.parts as Array<Record<string, unknown>>;
    expect(parts.map((p) => p.type)).toEqual(['multipart/mixed', 'multipart/alternative', 'text/plain', 'text/html', 'application/octet-stream']);
    expect(parts[2]).toMatchObject({ cte: 'quoted-printable', text: text.replace(/\n/g, '\r\n') });
    expect(parts[3]).toMatchObject({ cte: 'quoted-printable', text: html.replace(/\n/g, '\r\n') });
    expect(parts[4]).toMatchObject({ filename: 'data.bin', sha256: sha256(binary), cte: 'base64' });
    for (const p of parts) expect(p.defects ?? []).toEqual([]);
  });
});
