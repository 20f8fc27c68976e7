/**
 * A first message in every user's INBOX of a `sandbox:` target, so that a newcomer who opens
 * `connect sandbox:pop3` or `sandbox:imap` has something to RETR or FETCH, and learns that each
 * such session has a store of its own.
 */
import type { Sandbox } from '../server/sandbox.js';

/** The welcome message for `user`, CRLF line ends (RFC 5322 §2.1). */
export function welcomeMessage(user: string, domain: string, date = new Date()): Buffer {
  const lines = [
    `From: mailproto sandbox <postmaster@${domain}>`,
    `To: ${user}@${domain}`,
    'Subject: Welcome to the mailproto sandbox',
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <welcome.${user}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello ${user},`,
    '',
    'this message was put here so that there is something to read.',
    'POP3: RETR 1 downloaded it. IMAP: FETCH 1 BODY[] did.',
    '',
    'This sandbox lives as long as this session; mail sent in another',
    '"mailproto connect sandbox:..." session goes to a sandbox of its own.',
    'Run "mailproto sandbox" for one store shared by SMTP, POP3 and IMAP.',
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

/** Delivers the welcome message to every user of the sandbox. */
export async function deliverWelcome(sandbox: Pick<Sandbox, 'store' | 'users' | 'domain'>): Promise<void> {
  for (const user of sandbox.users.names()) await sandbox.store.deliver(user, 'INBOX', welcomeMessage(user, sandbox.domain));
}
