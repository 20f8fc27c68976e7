/**
 * S/MIME in inspect: messages signed (detached and opaque) and encrypted with
 * a throwaway key and certificate that this test makes with openssl.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../../helpers/cli-process.js';
import { requireTool } from '../../helpers/require-tool.js';
import { formatInspect } from '../../../src/mime/tools/format-inspect.js';
import { inspectMessage } from '../../../src/mime/tools/inspect.js';
import { MAX_SMIME_CHECKS } from '../../../src/mime/tools/limits.js';

const CONTENT = 'Content-Type: text/plain; charset=us-ascii\r\n\r\nPay Bob 10 EUR.\r\n';
const HEADER = 'From: alice@sandbox.test\r\nTo: bob@sandbox.test\r\nSubject: Signed\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\nMessage-ID: <smime@sandbox.test>\r\nMIME-Version: 1.0\r\n';

const b64 = (b: Buffer) => b.toString('base64').replace(/.{1,76}/g, '$&\r\n');

function multipartSigned(content: string, signature: Buffer): Buffer {
  return Buffer.from(
    `${HEADER}Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig"\r\n\r\n` +
      `This is an S/MIME signed message.\r\n--sig\r\n${content}\r\n--sig\r\n` +
      `Content-Type: application/pkcs7-signature; name="smime.p7s"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="smime.p7s"\r\n\r\n` +
      `${b64(signature)}\r\n--sig--\r\n`,
    'latin1',
  );
}

function pkcs7Mime(smimeType: string, der: Buffer): Buffer {
  return Buffer.from(
    `${HEADER}Content-Type: application/pkcs7-mime; smime-type=${smimeType}; name="smime.p7m"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="smime.p7m"\r\n\r\n${b64(der)}`,
    'latin1',
  );
}

describe('S/MIME', () => {
  let dir: string;
  let signature: Buffer;
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

  beforeAll(() => {
    requireTool('openssl');
    dir = mkdtempSync(join(tmpdir(), 'mailproto-smime-test-'));
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', '/CN=Alice Example/O=Sandbox Test/emailAddress=alice@sandbox.test');
    writeFileSync(join(dir, 'content.txt'), CONTENT);
    openssl('cms', '-sign', '-binary', '-in', 'content.txt', '-signer', 'cert.pem', '-inkey', 'key.pem', '-md', 'sha256', '-outform', 'DER', '-out', 'sig.der');
    signature = readFileSync(join(dir, 'sig.der'));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('multipart/signed: shows the signer certificate and checks the signature with its key', () => {
    const report = inspectMessage(multipartSigned(CONTENT, signature));
    expect(report.smime).toHaveLength(1);
    const s = report.smime[0]!;
    expect(s).toMatchObject({ part: '', kind: 'signed', protocol: 'application/pkcs7-signature', micalg: 'sha-256', signature: { status: 'valid' } });
    expect(s.signer).toMatchObject({ validNow: true, validAtSigning: true });
    expect(s.signer!.subject).toContain('CN=Alice Example');
    expect(s.signer!.issuer).toBe(s.signer!.subject);
    expect(Date.parse(s.signer!.notAfter) - Date.parse(s.signer!.notBefore)).toBe(2 * 86400_000);
    expect(s.cms).toMatchObject({ type: 'signedData', digestAlgorithms: ['sha256'], encapsulated: false });
    expect(report.warnings.map((w) => w.code)).toEqual([]);
    const text = formatInspect(report);
    expect(text).toContain('message: signed (multipart/signed, detached signature), micalg=sha-256');
    expect(text).toMatch(/signer {3}CN=Alice Example, O=Sandbox Test/);
    expect(text).toContain('(self-signed)');
    expect(text).toContain(`      valid    ${s.signer!.notBefore} to ${s.signer!.notAfter}\n`);
    expect(text).toContain('signature valid');
  });

  it('a signer certificate that is not valid now is a warning, though the signature holds', () => {
    const later = new Date(Date.now() + 10 * 86400_000);
    const report = inspectMessage(multipartSigned(CONTENT, signature), { now: later });
    expect(report.smime[0]).toMatchObject({ signature: { status: 'valid' }, signer: { validNow: false, validAtSigning: true } });
    expect(report.warnings.map((w) => w.code)).toEqual(['SMIME_CERT_EXPIRED']);
    expect(formatInspect(report)).toContain('  ⚠ not valid now');
  });

  it('the same message with LF line ends still verifies (signatures cover the canonical CRLF form)', () => {
    const lf = Buffer.from(multipartSigned(CONTENT, signature).toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    expect(inspectMessage(lf).smime[0]!.signature.status).toBe('valid');
  });

  it('a changed content fails, with a warning', () => {
    const report = inspectMessage(multipartSigned(CONTENT.replace('10', '99'), signature));
    expect(report.smime[0]!.signature.status).toBe('invalid');
    expect(report.warnings.map((w) => w.code)).toEqual(['SMIME_BAD_SIGNATURE']);
  });

  it('application/pkcs7-mime signed-data: the content inside is verified', () => {
    openssl('cms', '-sign', '-binary', '-nodetach', '-in', 'content.txt', '-signer', 'cert.pem', '-inkey', 'key.pem', '-outform', 'DER', '-out', 'opaque.der');
    const s = inspectMessage(pkcs7Mime('signed-data', readFileSync(join(dir, 'opaque.der')))).smime[0]!;
    expect(s).toMatchObject({ kind: 'signed-opaque', smimeType: 'signed-data', signature: { status: 'valid' }, cms: { encapsulated: true } });
  });

  it('application/pkcs7-mime enveloped-data: names the recipient and the cipher', () => {
    openssl('cms', '-encrypt', '-binary', '-aes256', '-in', 'content.txt', '-outform', 'DER', '-out', 'enc.der', 'cert.pem');
    const s = inspectMessage(pkcs7Mime('enveloped-data', readFileSync(join(dir, 'enc.der')))).smime[0]!;
    expect(s).toMatchObject({ kind: 'encrypted', signature: { status: 'not-signed' }, cms: { type: 'envelopedData', contentEncryption: 'aes256-cbc' } });
    const cms = s.cms as unknown as { recipients: { issuer: string; keyAlgorithm: string }[] };
    expect(cms.recipients).toHaveLength(1);
    expect(cms.recipients[0]!.issuer).toContain('CN=Alice Example');
  });

  it(`MAX_SMIME_CHECKS (${MAX_SMIME_CHECKS}): a message with more signed parts runs openssl for the first ones only`, () => {
    const one = multipartSigned(CONTENT, signature).toString('latin1');
    const body = one.slice(one.indexOf('Content-Type: multipart/signed'));
    const count = MAX_SMIME_CHECKS + 30;
    const parts = Array.from({ length: count }, () => `--many\r\n${body}\r\n`).join('');
    const message = Buffer.from(`${HEADER}Content-Type: multipart/mixed; boundary="many"\r\n\r\n${parts}--many--\r\n`, 'latin1');
    const report = inspectMessage(message);
    expect(report.smime).toHaveLength(count);
    expect(report.smime.map((x) => x.signature.status)).toEqual([...Array<string>(MAX_SMIME_CHECKS).fill('valid'), ...Array<string>(30).fill('unchecked')]);
    expect(report.smime.at(-1)!.signature.detail).toBe(`not checked: at most ${MAX_SMIME_CHECKS} signatures of a message are checked`);
    expect(report.smime.at(-1)!.signer!.subject).toContain('CN=Alice Example');
  });

  it('garbage where the signature should be is reported, not thrown', () => {
    const report = inspectMessage(multipartSigned(CONTENT, Buffer.from('not DER at all')));
    expect(report.warnings.map((w) => w.code)).toContain('SMIME_UNREADABLE');
  });

  it('mailproto mime inspect prints it', () => {
    ensureBuilt();
    writeFileSync(join(dir, 'signed.eml'), multipartSigned(CONTENT, signature));
    const out = execFileSync(process.execPath, ['bin/mailproto', 'mime', 'inspect', join(dir, 'signed.eml')], { cwd: ROOT }).toString();
    expect(out).toContain('S/MIME (RFC 8551)');
    expect(out).toContain('signature valid');
  });
});
