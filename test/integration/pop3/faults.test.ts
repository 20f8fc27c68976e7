/**
 * Teaching faults (`--fault pop3:COMMAND:REPLY[@p]`): the reply replaces the server's own, exactly
 * as given; with a probability, the injected random decides.
 */
import { describe, expect, it } from 'vitest';
import { parseFault } from '../../../src/server/faults.js';
import { MULTI, cmd, login, message, send } from '../../helpers/pop3-wire.js';
import { poplib } from '../../helpers/poplib.js';
import { pop3Fixtures } from '../../helpers/pop3-fixtures.js';

const { sandbox, open, connectRaw } = pop3Fixtures();

/** A random source that returns the given values in turn, and records how often it was asked. */
function scripted(values: number[]): { random: () => number; calls: () => number } {
  let i = 0;
  return {
    random: () => {
      const v = values[i++];
      if (v === undefined) throw new Error('random() called more often than scripted');
      return v;
    },
    calls: () => i,
  };
}

const MSG = message(['Subject: hot', '', 'body']);

describe('pop3:PASS:-ERR [IN-USE] Mailbox locked', () => {
  const faults = [parseFault('pop3:PASS:-ERR [IN-USE] Mailbox locked')];

  it('PASS is answered exactly with the fault, and the session is not logged in', async () => {
    const sb = await sandbox({ faults });
    const c = await open(sb.ports.pop3!);
    await send(c, 'USER alice');
    expect(await send(c, 'PASS password')).toBe('-ERR [IN-USE] Mailbox locked\r\n');
    expect(await send(c, 'STAT')).toMatch(/^-ERR STAT needs a login first/);
    // Other ways in are not faulted.
    expect(await send(c, 'AUTH PLAIN AGFsaWNlAHBhc3N3b3Jk')).toMatch(/^\+OK Logged in as alice/);
  });

  it('poplib sees it as the server\'s error', async () => {
    const sb = await sandbox({ faults });
    const script = { port: sb.ports.pop3!, mode: 'plain' as const, dataDir: sb.dataDir, steps: [], end: 'quit' as const };
    const out = await poplib(script);
    expect(out.login).toBe('error_proto: -ERR [IN-USE] Mailbox locked');
    expect(out.end).toBe('+OK sandbox.test POP3 server signing off');
  });

  it('a fault added at run time applies to new commands, and removing it restores the normal reply', async () => {
    const sb = await sandbox();
    const remove = sb.faults.add(parseFault('pop3:PASS:-ERR [IN-USE] Mailbox locked'));
    const c = await open(sb.ports.pop3!);
    expect(await login(c)).toBe('-ERR [IN-USE] Mailbox locked');
    remove();
    expect(await login(c)).toMatch(/^\+OK Logged in as alice/);
  });
});

describe('pop3:RETR:-ERR [SYS/TEMP] disk on fire@0.5', () => {
  it('fires exactly when random() < 0.5; random is consulted only for RETR', async () => {
    const rng = scripted([0.2, 0.7, 0.49, 0.5, 0]);
    const sb = await sandbox({ faults: [parseFault('pop3:RETR:-ERR [SYS/TEMP] disk on fire@0.5')], random: rng.random });
    await sb.store.deliver('bob', 'INBOX', MSG);
    const c = await open(sb.ports.pop3!);
    await login(c, 'bob');
    expect((await cmd(c, 'LIST', true)).ok).toBe(true);
    expect(await send(c, 'TOP 1 0', MULTI)).toBe('+OK top of message follows\r\nSubject: hot\r\n\r\n.\r\n');
    expect(rng.calls()).toBe(0);
    const replies: string[] = [];
    for (let i = 0; i < 5; i++) replies.push(await send(c, 'RETR 1', MULTI));
    const body = `+OK ${MSG.length} octets\r\nSubject: hot\r\n\r\nbody\r\n.\r\n`;
    const fire = '-ERR [SYS/TEMP] disk on fire\r\n';
    expect(replies).toEqual([fire, body, fire, body, fire]);
    expect(rng.calls()).toBe(5);
  });

  it('the fault leaves the session in sync: the next command gets its own reply', async () => {
    const sb = await sandbox({ faults: [parseFault('pop3:RETR:-ERR [SYS/TEMP] disk on fire@0.5')], random: () => 0.1 });
    await sb.store.deliver('bob', 'INBOX', MSG);
    const c = await open(sb.ports.pop3!);
    await login(c, 'bob');
    c.clear();
    c.send('RETR 1\r\nSTAT\r\nRETR 1\r\nQUIT\r\n');
    await c.waitClosed();
    expect(c.text).toBe(`-ERR [SYS/TEMP] disk on fire\r\n+OK 1 ${MSG.length}\r\n-ERR [SYS/TEMP] disk on fire\r\n+OK sandbox.test POP3 server signing off (0 messages deleted)\r\n`);
  });
});

describe('pop3:CONNECT', () => {
  it('a -ERR greeting fault is sent and the connection closed', async () => {
    const sb = await sandbox({ faults: [parseFault('pop3:CONNECT:-ERR [SYS/TEMP] Maintenance, come back later')] });
    const c = await connectRaw(sb.ports.pop3!);
    await c.waitClosed();
    expect(c.text).toBe('-ERR [SYS/TEMP] Maintenance, come back later\r\n');
  });
});
