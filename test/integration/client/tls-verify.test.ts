/**
 * The certificate check, as `mailproto connect` shows it: after the handshake the TLS version,
 * cipher, subject, issuer, validity and SHA-256 fingerprint; a certificate that does not verify
 * explained in plain words (expired, unknown issuer, host name mismatch) with exit 3 and nothing
 * sent; `--ca` trusting a CA of the test's own; `--insecure` going on with a warning. The server is
 * a small implicit-TLS SMTP server on a loopback port, with certificates made for each case.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../helpers/cli-process.js';
import { ConnectProcess, runConnect } from '../../helpers/connect-cli.js';

const DAY = 86_400_000;
type Pem = { readonly key: string; readonly cert: string };

let dir: string;
let caFile: string;
let ca: Pem;
const servers: Server[] = [];
/** Lines each server heard, by port: nothing may be sent after a failed check. */
const heard = new Map<number, string[]>();

/** selfsigned's extension type (not exported by the package). */
type Extensions = NonNullable<NonNullable<Parameters<typeof generate>[1]>['extensions']>;

const LEAF_EXTENSIONS = (names: readonly string[]): Extensions => [
  { name: 'basicConstraints', cA: false },
  { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
  { name: 'extKeyUsage', serverAuth: true },
  { name: 'subjectAltName', altNames: names.map((n) => (/^\d/.test(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })) },
];

async function leaf(cn: string, names: readonly string[], opts: { from?: Date; to?: Date; signer?: Pem } = {}): Promise<Pem> {
  const from = opts.from ?? new Date(Date.now() - DAY);
  const pems = await generate([{ name: 'commonName', value: cn }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: from,
    notAfterDate: opts.to ?? new Date(from.getTime() + 30 * DAY),
    extensions: LEAF_EXTENSIONS(names),
    ...(opts.signer ? { ca: opts.signer } : {}),
  });
  return { key: pems.private, cert: pems.cert };
}

/** An implicit-TLS SMTP server: greets, answers EHLO and QUIT. */
async function smtps(pem: Pem): Promise<number> {
  const lines: string[] = [];
  const server = createServer({ key: pem.key, cert: pem.cert }, (socket: TLSSocket) => {
    socket.on('error', () => undefined);
    socket.write('220 tls.test ESMTP\r\n');
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let i: number;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i).replace(/\r$/, '');
        buffer = buffer.slice(i + 1);
        lines.push(line);
        if (/^QUIT/i.test(line)) socket.end('221 2.0.0 bye\r\n');
        else socket.write('250 tls.test\r\n');
      }
    });
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const port = (server.address() as { port: number }).port;
  heard.set(port, lines);
  return port;
}

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'mailproto-tls-verify-'));
  const caPems = await generate([{ name: 'commonName', value: 'mailproto Test CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - DAY),
    notAfterDate: new Date(Date.now() + 30 * DAY),
    extensions: [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true }],
  });
  ca = { key: caPems.private, cert: caPems.cert };
  caFile = join(dir, 'ca.pem');
  await writeFile(caFile, ca.cert);
}, 60_000);
afterEach(() => ConnectProcess.killAll());
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await rm(dir, { recursive: true, force: true });
});

describe('TLS: the summary and the certificate check', () => {
  it('a certificate from a CA given with --ca verifies; the summary names version, cipher, subject, issuer, validity, SHA-256 fingerprint', async () => {
    const pem = await leaf('tls.test', ['tls.test', '127.0.0.1'], { signer: ca });
    const port = await smtps(pem);
    const file = join(dir, 'verified.jsonl');
    const run = await runConnect([`smtps://127.0.0.1:${port}`, '--ca', caFile, '--record', file], 'EHLO me\nQUIT\n');
    expect(run.code, run.stderr).toBe(0);
    const x509 = new X509Certificate(pem.cert);
    // The recording has the handshake as a tls event (design.md, transcript format), before the greeting.
    const events = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.slice(1, 3)).toEqual([
      {
        type: 'tls', t: expect.any(Number), version: expect.stringMatching(/^TLSv1\.[23]$/), cipher: expect.any(String), subject: 'CN=tls.test',
        issuer: 'CN=mailproto Test CA', validFrom: new Date(x509.validFrom).toISOString(), validTo: new Date(x509.validTo).toISOString(),
        fingerprint256: x509.fingerprint256, authorized: true,
      },
      { type: 'recv', t: expect.any(Number), text: '220 tls.test ESMTP' },
    ]);
    const tls = run.lines.filter((l) => l.startsWith('#  ') && run.lines.indexOf(l) < run.lines.findIndex((x) => x.startsWith('S: 220')));
    expect(tls).toEqual([
      expect.stringMatching(/^#  TLS TLSv1\.[23], cipher [A-Z0-9_-]+$/),
      '#  certificate subject: CN=tls.test',
      '#  issued by: CN=mailproto Test CA',
      `#  valid from ${new Date(x509.validFrom).toISOString()} to ${new Date(x509.validTo).toISOString()}`,
      `#  SHA-256 fingerprint: ${x509.fingerprint256}`,
      '#  certificate verified',
    ]);
    expect(heard.get(port)).toEqual(['EHLO me', 'QUIT']);
  }, 60_000); // a certificate made for the case, then a session

  it.each([
    ['unknown issuer: without --ca, the test CA is no one the client trusts', async () => leaf('tls.test', ['127.0.0.1'], { signer: ca }), [] as string[],
      /^mailproto: TLS certificate not trusted: unknown issuer: the certificate was signed by CN=mailproto Test CA, which you do not trust \(or the server did not send the intermediate certificate\)\. Try: /],
    ['expired', async () => leaf('tls.test', ['127.0.0.1'], { signer: ca, from: new Date(Date.now() - 60 * DAY), to: new Date(Date.now() - 30 * DAY) }), ['--ca'],
      /^mailproto: TLS certificate not trusted: the certificate expired on \d{4}-\d\d-\d\dT[\d:.]+Z\. Try: /],
    ['host name mismatch', async () => leaf('other.test', ['other.test'], { signer: ca }), ['--ca'],
      /^mailproto: TLS certificate not trusted: host name mismatch: the certificate is for .*other\.test.*, not for 127\.0\.0\.1\. Try: /],
  ] as const)('%s: plain words, exit 3, nothing sent', async (_name, make, flags, message) => {
    const port = await smtps(await make());
    const run = await runConnect([`smtps://127.0.0.1:${port}`, ...flags.flatMap((f) => [f, caFile])], 'EHLO me\nQUIT\n');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.lines).toContainEqual(expect.stringMatching(/^#  certificate NOT verified: /));
    expect(run.stdout).not.toMatch(/^C: /m);
    expect(heard.get(port)).toEqual([]);
  }, 60_000); // a certificate made for the case, then a session

  it('--insecure goes on past an expired certificate, and a warning says what that means', async () => {
    const port = await smtps(await leaf('tls.test', ['127.0.0.1'], { signer: ca, from: new Date(Date.now() - 60 * DAY), to: new Date(Date.now() - 30 * DAY) }));
    const run = await runConnect([`smtps://127.0.0.1:${port}`, '--insecure'], 'EHLO me\nQUIT\n');
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toContainEqual(expect.stringMatching(/^#  warning: the certificate is NOT verified \(.*expired.*\); going on because of --insecure/));
    expect(heard.get(port)).toEqual(['EHLO me', 'QUIT']);
  }, 60_000); // a certificate made for the case, then a session
});
