/**
 * `:auth cram-md5` over IMAP (RFC 2195 through AUTHENTICATE, RFC 3501 §6.2.2). Neither the
 * sandbox nor the Dovecot peer offers CRAM-MD5 to IMAP, so a scripted server on a loopback port
 * sends the challenge and checks the answer the way a real server does; the answer is shown and
 * recorded `<redacted>`.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../helpers/cli-process.js';
import { ConnectProcess, runConnect } from '../../helpers/connect-cli.js';
import { startFakeServer, type FakeServer } from '../../helpers/fake-mail-server.js';

const PASSWORD = 'Cr4m-Sekr1t';
const CHALLENGE = '<1896.697170952@fake.test>';
let server: FakeServer;
let dir: string;
/** What the server received as the answer to its challenge, decoded. */
const answers: string[] = [];

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'mailproto-cram-imap-'));
  let waiting: string | undefined;
  server = await startFakeServer({
    greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=CRAM-MD5] fake ready\r\n',
    onLine(line, c) {
      if (waiting) {
        const tag = waiting;
        waiting = undefined;
        const decoded = Buffer.from(line, 'base64').toString('utf8');
        answers.push(decoded);
        const expected = `erin ${createHmac('md5', PASSWORD).update(CHALLENGE).digest('hex')}`;
        c.write(decoded === expected ? `${tag} OK [CAPABILITY IMAP4rev1] AUTHENTICATE completed\r\n` : `${tag} NO [AUTHENTICATIONFAILED] wrong\r\n`);
        return;
      }
      const [tag, verb, mech] = line.split(' ');
      if (verb === 'AUTHENTICATE' && mech === 'CRAM-MD5') {
        waiting = tag;
        c.write(`+ ${Buffer.from(CHALLENGE).toString('base64')}\r\n`);
      } else if (verb === 'LOGOUT') {
        c.write('* BYE bye\r\n');
        c.write(`${tag} OK LOGOUT completed\r\n`);
        c.end();
      } else {
        c.write(`${tag} BAD unexpected\r\n`);
      }
    },
  });
}, 60_000);
afterEach(() => ConnectProcess.killAll());
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe(':auth cram-md5 over IMAP', () => {
  it('answers the + challenge with the keyed digest; the challenge is explained decoded; the answer is redacted on screen and in the recording', async () => {
    const file = join(dir, 'cram.jsonl');
    const run = await runConnect([`imap://127.0.0.1:${server.port}`, '--record', file], `:auth cram-md5 erin ${PASSWORD}\nLOGOUT\n`);
    expect(run.code, run.stderr).toBe(0);
    expect(answers).toEqual([`erin ${createHmac('md5', PASSWORD).update(CHALLENGE).digest('hex')}`]);
    const i = run.lines.indexOf(`S: + ${Buffer.from(CHALLENGE).toString('base64')}`);
    expect(run.lines[i - 1]).toBe('C: A001 AUTHENTICATE CRAM-MD5');
    expect(run.lines[i + 1]).toMatch(new RegExp(`^#  \\+ .*${CHALLENGE.replace(/[.]/g, '\\.')}.*\\(RFC [^)]*2195[^)]*\\)$`));
    expect(run.lines).toContain('C: <redacted>');
    expect(run.lines).toContain('S: A001 OK [CAPABILITY IMAP4rev1] AUTHENTICATE completed');
    const text = await readFile(file, 'utf8');
    const answer = Buffer.from(answers[0]!).toString('base64');
    expect(text).not.toContain(answer);
    expect(run.stdout).not.toContain(answer);
    expect(text).toContain('{"type":"send","t":');
    expect(text).toMatch(/"text":"<redacted>","redacted":true/);
  });
});
