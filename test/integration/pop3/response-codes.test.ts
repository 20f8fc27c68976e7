/**
 * The RFC 2449 §8 / RFC 3206 response codes, each where the sandbox gives it: [IN-USE] for a
 * locked maildrop, [LOGIN-DELAY] for a login sooner than CAPA's LOGIN-DELAY allows, [SYS/TEMP]
 * for a message taken away meanwhile, [SYS/PERM] for a maildrop that cannot be read, [AUTH] for a
 * wrong password. CAPA announces RESP-CODES and AUTH-RESP-CODE.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apopTimestamp, cmd, expectOk, login, md5hex, message } from '../../helpers/pop3-wire.js';
import type { RawClient } from '../../helpers/raw-client.js';
import { pop3Fixtures } from '../../helpers/pop3-fixtures.js';
import type { TestSandbox } from '../../helpers/sandbox.js';

const { sandbox, open: openPort } = pop3Fixtures();
const open = (sb: TestSandbox): Promise<RawClient> => openPort(sb.ports.pop3!);

const M1 = message(['Subject: one', '', 'first']);

/** The file of every message in a user's INBOX. */
function inboxFiles(sb: TestSandbox, user: string): string[] {
  const maildir = join(sb.dataDir, 'users', user, 'Maildir');
  return ['new', 'cur'].flatMap((d) => readdirSync(join(maildir, d)).map((f) => join(maildir, d, f)));
}

describe('CAPA', () => {
  it('announces RESP-CODES and AUTH-RESP-CODE; LOGIN-DELAY only when the sandbox has one', async () => {
    const plain = await sandbox();
    const caps = (await cmd(await open(plain), 'CAPA', true)).body;
    expect(caps).toEqual(expect.arrayContaining(['RESP-CODES', 'AUTH-RESP-CODE']));
    expect(caps.some((c) => c.startsWith('LOGIN-DELAY'))).toBe(false);

    const delayed = await sandbox({ pop3LoginDelayMs: 60_000 });
    const c = await open(delayed);
    expect((await cmd(c, 'CAPA', true)).body).toContain('LOGIN-DELAY 60');
    await login(c, 'bob');
    expect((await cmd(c, 'CAPA', true)).body).toContain('LOGIN-DELAY 60');
  });
});

describe('[LOGIN-DELAY] (RFC 2449 §8.1.1)', () => {
  it('a second login of the same user within the delay is refused, other users are not; after the delay it works', async () => {
    const sb = await sandbox({ pop3LoginDelayMs: 1500 });
    const first = await open(sb);
    expect(await login(first, 'bob')).toMatch(/^\+OK Logged in as bob/);
    await expectOk(first, 'QUIT');

    const again = await open(sb);
    expect(await login(again, 'bob')).toMatch(/^-ERR \[LOGIN-DELAY\] bob logged in less than 2 s ago: this server allows one login every 2 s .*try again in [12] s/);
    // Still in AUTHORIZATION: STAT is refused, the maildrop was never locked.
    expect((await cmd(again, 'STAT')).status).toMatch(/^-ERR STAT needs a login first/);
    expect(await login(await open(sb), 'alice')).toMatch(/^\+OK Logged in as alice/);

    await new Promise((r) => setTimeout(r, 1600));
    expect(await login(again, 'bob')).toMatch(/^\+OK Logged in as bob/);
  });

  it('applies to AUTH and APOP as well, and a failed login does not start the delay', async () => {
    const sb = await sandbox({ pop3LoginDelayMs: 60_000 });
    const c = await open(sb);
    expect(await login(c, 'bob', 'wrong')).toMatch(/^-ERR \[AUTH\] /);
    expect(await login(c, 'bob')).toMatch(/^\+OK Logged in as bob/);
    await expectOk(c, 'QUIT');
    const plain = Buffer.from('\0bob\0password').toString('base64');
    expect((await cmd(await open(sb), `AUTH PLAIN ${plain}`)).status).toMatch(/^-ERR \[LOGIN-DELAY\] /);
    const apop = await open(sb);
    const digest = md5hex(`${apopTimestamp(apop.text)}password`);
    expect((await cmd(apop, `APOP bob ${digest}`)).status).toMatch(/^-ERR \[LOGIN-DELAY\] /);
  });
});

describe('[SYS/TEMP] and [SYS/PERM] (RFC 3206 §4)', () => {
  it('RETR of a message expunged meanwhile through IMAP → -ERR [SYS/TEMP]; the session goes on', async () => {
    const sb = await sandbox();
    await sb.store.deliver('bob', 'INBOX', M1);
    const c = await open(sb);
    await login(c, 'bob');
    const [uid] = (await sb.store.messages('bob', 'INBOX')).map((m) => m.uid);
    await sb.store.expunge('bob', 'INBOX', [uid!], 'imap-test');
    expect((await cmd(c, 'RETR 1', true)).status).toBe('-ERR [SYS/TEMP] message 1 was removed by another session');
    expect((await cmd(c, 'STAT')).status).toMatch(/^\+OK /);
  });

  it('RETR and TOP of a message file that cannot be read → -ERR [SYS/PERM]', async () => {
    const sb = await sandbox();
    await sb.store.deliver('bob', 'INBOX', M1);
    const c = await open(sb);
    await login(c, 'bob');
    const [file] = inboxFiles(sb, 'bob');
    // A directory where the message file was: the name is still listed, reading it fails with EISDIR.
    rmSync(file!);
    mkdirSync(file!);
    expect((await cmd(c, 'RETR 1', true)).status).toBe("-ERR [SYS/PERM] message 1 cannot be read (EISDIR); the sandbox's data directory needs repair (RFC 3206 section 4)");
    expect((await cmd(c, 'TOP 1 0', true)).status).toMatch(/^-ERR \[SYS\/PERM\] message 1 cannot be read/);
    expect((await cmd(c, 'NOOP')).status).toBe('+OK');
  });

  it('a maildrop whose directory is broken → -ERR [SYS/PERM] at login, and the connection stays usable', async () => {
    const sb = await sandbox();
    const cur = join(sb.dataDir, 'users', 'bob', 'Maildir', 'cur');
    rmSync(cur, { recursive: true });
    writeFileSync(cur, 'not a directory');
    const c = await open(sb);
    expect(await login(c, 'bob')).toMatch(/^-ERR \[SYS\/PERM\] bob's maildrop cannot be opened \(E[A-Z]+\); the sandbox's data directory needs repair/);
    expect(await login(c, 'alice')).toMatch(/^\+OK Logged in as alice/);
  });
});

describe('[IN-USE] and [AUTH]', () => {
  it('a locked maildrop → -ERR [IN-USE]; a wrong password → -ERR [AUTH]', async () => {
    const sb = await sandbox();
    await login(await open(sb), 'bob');
    expect(await login(await open(sb), 'bob')).toMatch(/^-ERR \[IN-USE\] bob's maildrop is locked by another POP3 session/);
    expect(await login(await open(sb), 'alice', 'nope')).toBe('-ERR [AUTH] Authentication failed: wrong user name or password (RFC 3206 section 4)');
  });
});
