/**
 * Load from Postfix's own test generator: 20 parallel sessions, 2000 messages, one connection per
 * message. Every acknowledged message must be in the store exactly once, with its own UID.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDir } from '../../helpers/maildir-files.js';
import { requireTool } from '../../helpers/require-tool.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { run } from '../../helpers/tools.js';

const SESSIONS = 20;
const MESSAGES = 2000;

let sb: TestSandbox;
let smtpSource: string;

beforeAll(async () => {
  // Debian installs it in /usr/sbin, which is not on every user's PATH.
  smtpSource = requireTool('smtp-source', ['/usr/sbin/smtp-source', '/usr/lib/postfix/sbin/smtp-source']);
  sb = await startTestSandbox();
});
afterAll(async () => sb?.stop());

describe('Postfix smtp-source', () => {
  it(
    `delivers ${MESSAGES} messages over ${SESSIONS} parallel sessions, each stored once with a distinct UID`,
    async () => {
      const port = sb.ports.smtp;
      if (port === null) throw new Error('smtp not running');
      const r = await run(
        smtpSource,
        ['-s', String(SESSIONS), '-m', String(MESSAGES), '-f', 'alice@sandbox.test', '-t', 'bob@sandbox.test', `127.0.0.1:${port}`],
        { timeoutMs: 110_000 },
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);

      // No session saw an error reply (smtp-source only warns about those).
      const replies = sb.log.events.filter((e) => e.event === 'reply');
      expect(replies.filter((e) => (e.code as number) >= 400)).toEqual([]);
      expect(sb.log.events.filter((e) => e.event === 'connect')).toHaveLength(MESSAGES);
      const delivered = sb.log.events.filter((e) => e.event === 'delivered');
      expect(delivered).toHaveLength(MESSAGES);

      const messages = await sb.store.messages('bob', 'INBOX');
      expect(messages).toHaveLength(MESSAGES);
      const uids = messages.map((m) => m.uid);
      expect(new Set(uids).size).toBe(MESSAGES);
      // UIDs are strictly ascending in the listing (RFC 3501 §2.3.1.1) and match the 250 replies.
      expect(uids.every((u, i) => i === 0 || u > uids[i - 1]!)).toBe(true);
      expect(new Set(delivered.map((e) => e.uid))).toEqual(new Set(uids));
      expect(await sb.store.messages('alice', 'INBOX')).toHaveLength(0);

      // On disk: exactly that many files in bob's new/, nothing left behind in tmp/.
      const onDisk = await readdir(newDir(sb.dataDir, 'bob'));
      expect(onDisk.filter((f) => !f.startsWith('.'))).toHaveLength(MESSAGES);
      const tmp = await readdir(newDir(sb.dataDir, 'bob').replace(/new$/, 'tmp'));
      expect(tmp).toEqual([]);

      // A sample message carries the trace fields of its delivery; smtp-source says HELO, so WITH SMTP.
      const last = (await sb.store.read('bob', 'INBOX', uids[uids.length - 1]!)).toString('latin1');
      expect(last).toMatch(/^Return-Path: <alice@sandbox\.test>\r\nReceived: from \S+ \(\[127\.0\.0\.1\]\)\r\n\tby sandbox\.test \(mailproto sandbox\) with SMTP id /);
    },
    120_000,
  );

  it('-d: 500 messages over 5 sessions that stay connected (one transaction after another)', async () => {
    const port = sb.ports.smtp;
    if (port === null) throw new Error('smtp not running');
    const connectsBefore = sb.log.events.filter((e) => e.event === 'connect').length;
    const r = await run(smtpSource, ['-d', '-s', '5', '-m', '500', '-f', 'bob@sandbox.test', '-t', 'alice@sandbox.test', `127.0.0.1:${port}`], { timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(sb.log.events.filter((e) => e.event === 'connect').length - connectsBefore).toBe(5);
    const messages = await sb.store.messages('alice', 'INBOX');
    expect(messages).toHaveLength(500);
    expect(new Set(messages.map((m) => m.uid)).size).toBe(500);
  }, 60_000);
});
