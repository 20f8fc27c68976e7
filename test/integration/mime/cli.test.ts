/** `mailproto mime ...` as a user runs it: files and stdin, JSON, --part, errors in one line. */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { binhexDecode } from '../../../src/mime/tools/encodings/binhex.js';
import { ensureBuilt, ROOT } from '../../helpers/cli-process.js';
import { MIME_FIXTURES, prng } from '../../unit/mime/tools/fixtures.js';

function mailproto(args: string[], input?: Buffer | string) {
  return spawnSync(process.execPath, ['bin/mailproto', 'mime', ...args], { cwd: ROOT, input, timeout: 20_000, maxBuffer: 64 * 1024 * 1024 });
}

beforeAll(() => ensureBuilt(), 150_000);

describe('mailproto mime inspect', () => {
  it('reads a file or stdin, and --json gives the whole tree', () => {
    const file = mailproto(['inspect', `${MIME_FIXTURES}/07-mixed-attachment-rfc2231.eml`]);
    expect(file.status).toBe(0);
    expect(file.stdout.toString()).toContain('└─ 2  application/pdf  base64  attachment  "résumé draft.pdf"  1,050 B → 768 B decoded  BODY[2]');
    const json = mailproto(['inspect', '--json', '-'], readFileSync(`${MIME_FIXTURES}/07-mixed-attachment-rfc2231.eml`));
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout.toString()).tree.children.map((c: { part: string }) => c.part)).toEqual(['1', '2']);
  });

  it('--part writes the decoded bytes of one part', () => {
    const r = mailproto(['inspect', `${MIME_FIXTURES}/inspect/36-nested-messages.eml`, '--part', '2.1.2']);
    expect(r.stdout.toString()).toBe('<p>the original html: part 2.1.2</p>');
  });

  it('--part writes binary bytes exactly: NUL, 0xff, lone CR and LF, no line end added', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailproto-part-'));
    const rand = prng(12);
    const data = Buffer.concat([Buffer.from([0, 0xff, 0x0d, 0x0a, 0x0a, 0x0d, 0x2e]), Buffer.from(Array.from({ length: 2000 }, () => Math.floor(rand() * 256)))]);
    writeFileSync(join(dir, 'blob.bin'), data);
    const built = mailproto(['build', '--from', 'alice@sandbox.test', '--to', 'bob@sandbox.test', '--text', 'see the file', '--attach', join(dir, 'blob.bin')]);
    expect(built.status).toBe(0);
    writeFileSync(join(dir, 'm.eml'), built.stdout);
    const part = mailproto(['inspect', join(dir, 'm.eml'), '--part', '2']);
    expect(part.status).toBe(0);
    expect(part.stdout.equals(data)).toBe(true);
    expect(mailproto(['inspect', '-', '--part', '2'], built.stdout).stdout.equals(data)).toBe(true);
  });

  it.each([
    [['inspect', '/no/such/file.eml'], 'mailproto: cannot read /no/such/file.eml (ENOENT). Try: give a file that exists, or - to read standard input\n'],
    [['inspect', `${MIME_FIXTURES}/01-simple-text.eml`, '--part', '7'], 'mailproto: the message has no part 7. Try: mailproto mime inspect'],
    [['encode', '-'], 'mailproto: say which encoding. Try: mailproto mime encode --base64 FILE'],
    [['decode', '--uu', '--qp', '-'], 'mailproto: choose one encoding, not 2.'],
    [['decode', '--binhex', '-'], 'mailproto: not BinHex 4.0 data: no ":" that starts BinHex data.'],
    [['build', '--from', 'a@x', '--text', 'hi'], 'mailproto: a message needs a recipient. Try: --to bob@sandbox.test\n'],
    [['build', '--from', 'alice', '--to', 'b@x', '--text', 'hi'], 'mailproto: --from: "alice" has no e-mail address in it (local@domain). Try: --from "Alice <alice@sandbox.test>"\n'],
    [['build', '--from', 'a@x', '--to', 'b@x', '--text', 'ça', '--charset', 'us-ascii'], 'mailproto: "ç" cannot be written in us-ascii. Try: --charset utf-8\n'],
  ])('%j fails in one line: %s', (args, message) => {
    const r = mailproto(args, '');
    expect(r.status).toBe(1);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr.toString().startsWith(message)).toBe(true);
    expect(r.stderr.toString().trim().split('\n')).toHaveLength(1);
  });
});

describe('mailproto mime encode | decode', () => {
  const rand = prng(99);
  const data = Buffer.from(Array.from({ length: 4000 }, () => Math.floor(rand() * 256)));

  it.each(['--base64', '--qp', '--uu', '--binhex'])('%s round-trips binary data through stdin and stdout', (flag) => {
    const encoded = mailproto(['encode', flag, '-'], data);
    expect(encoded.status).toBe(0);
    const decoded = mailproto(['decode', flag, '-'], encoded.stdout);
    expect(decoded.status).toBe(0);
    expect(decoded.stdout.equals(data)).toBe(true);
  });

  it.each(['--base64', '--qp', '--uu', '--binhex', '--header'])('%s reads files as well: encode a file, decode the encoded file', (flag) => {
    const dir = mkdtempSync(join(tmpdir(), 'mailproto-codec-'));
    const input = flag === '--header' ? Buffer.from('Grüße, 山田 =?x?= and a long line '.repeat(4)) : data;
    writeFileSync(join(dir, 'in.bin'), input);
    const encoded = mailproto(['encode', flag, join(dir, 'in.bin')]);
    expect(encoded.status).toBe(0);
    const fromStdin = mailproto(['encode', flag, '-'], input).stdout.toString('latin1');
    // uuencode and BinHex carry the file name: the input file's, or a default for stdin
    if (flag === '--uu') expect(encoded.stdout.toString('latin1')).toMatch(/^begin 644 in\.bin\n/);
    else if (flag === '--binhex') expect(binhexDecode(encoded.stdout.toString('latin1')).name).toBe('in.bin');
    else expect(encoded.stdout.toString('latin1')).toBe(fromStdin);
    writeFileSync(join(dir, 'in.enc'), encoded.stdout);
    const decoded = mailproto(['decode', flag, join(dir, 'in.enc')]);
    expect(decoded.status).toBe(0);
    expect(decoded.stdout.equals(input)).toBe(true);
  });

  it('--uu names the file in the begin line', () => {
    const r = mailproto(['encode', '--uu', `${MIME_FIXTURES}/encodings/hello.txt`]);
    expect(r.stdout.toString()).toBe('begin 644 hello.txt\n.2&5L;&\\L(\'=O<FQD(0H`\n`\nend\n');
  });

  it('--header encodes a line of text and decodes it back', () => {
    const encoded = mailproto(['encode', '--header', '-'], 'Grüße aus Köln\n');
    expect(encoded.stdout.toString()).toBe('=?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=\n');
    expect(mailproto(['decode', '--header', '-'], encoded.stdout).stdout.toString()).toBe('Grüße aus Köln\n');
  });
});

describe('mailproto mime build --explain', () => {
  it('puts a note beside each header and boundary', () => {
    const r = mailproto(['build', '--from', 'alice@sandbox.test', '--to', 'bob@sandbox.test', '--subject', 'Café', '--text', 'Hi', '--html', '<p>Hi</p>', '--explain']);
    expect(r.status).toBe(0);
    const out = r.stdout.toString();
    expect(out).toMatch(/^Subject: =\?UTF-8\?Q\?Caf=C3=A9\?= +│ non-ASCII text as RFC 2047 encoded-words/m);
    expect(out).toMatch(/^MIME-Version: 1\.0 +│ this is a MIME message \(RFC 2045 §4\)$/m);
    expect(out).toMatch(/^Content-Type: multipart\/alternative;.*│ the same content in several forms/m);
    expect(out).toMatch(/^--\S+ +│ boundary: part 1 begins \(RFC 2046 §5\.1\.1\)$/m);
    expect(out).toMatch(/^--\S+-- +│ closing boundary: the message's parts end/m);
    expect(out).toMatch(/^ +│ blank line: the header of part 2 ends, its body begins/m);
  });
});

describe('a reader that goes away', () => {
  it('`mime encode --base64 BIG | head -1` ends quietly, status 0, no stack trace', () => {
    const r = spawnSync('bash', ['-c', `head -c 3000000 /dev/zero > "$T/big.bin" && node bin/mailproto mime encode --base64 "$T/big.bin" | head -1 >/dev/null; echo "status \${PIPESTATUS[0]}" >&2`], {
      cwd: ROOT,
      env: { ...process.env, T: mkdtempSync(join(tmpdir(), 'mailproto-epipe-')) },
      timeout: 20_000,
    });
    const stderr = r.stderr.toString();
    expect(stderr).toBe('status 0\n');
  });
});
