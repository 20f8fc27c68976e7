/** What `mailproto sandbox` prints when it is up: the human banner and the `--json` listening line. */
import type { Sandbox, ServiceName } from '../server/sandbox.js';

const DESCRIPTIONS: Readonly<Record<ServiceName, string>> = {
  smtp: 'SMTP, STARTTLS offered, no AUTH needed to deliver locally',
  submission: 'SMTP submission, AUTH required before MAIL',
  smtps: 'SMTP over implicit TLS',
  pop3: 'POP3, STLS offered',
  pop3s: 'POP3 over implicit TLS',
  imap: 'IMAP4rev1, STARTTLS offered, IDLE for new mail',
  imaps: 'IMAP4rev1 over implicit TLS',
};

/** The first stdout line of `--json` (design.md); services not running are null. */
export function listeningEvent(s: Sandbox): Record<string, unknown> {
  return {
    event: 'listening',
    host: s.host,
    smtp: s.ports.smtp,
    submission: s.ports.submission,
    smtps: s.ports.smtps,
    pop3: s.ports.pop3,
    pop3s: s.ports.pop3s,
    imap: s.ports.imap,
    imaps: s.ports.imaps,
    data: s.dataDir,
    domain: s.domain,
    users: s.users.names(),
    fingerprint256: s.certificate.fingerprint256,
  };
}

/** The banner: ports, users, where the data lives and a first thing to try. */
export function formatBanner(s: Sandbox, opts: { defaultUsers: boolean }): string {
  const lines = [`mailproto sandbox for ${s.domain}, listening on ${s.host}`, ''];
  for (const [name, port] of Object.entries(s.ports) as Array<[ServiceName, number | null]>) {
    lines.push(`  ${name.padEnd(11)} ${port === null ? 'off'.padEnd(6) : String(port).padEnd(6)} ${DESCRIPTIONS[name]}`);
  }
  const names = s.users.names();
  lines.push('');
  lines.push(
    `  users       ${names.map((n) => `${n}@${s.domain}`).join(', ')}${opts.defaultUsers && names.every((n) => s.users.secret(n) === 'password') ? ' (password: password)' : ''}`,
  );
  lines.push(`  data        ${s.dataDir}`);
  lines.push(`  TLS         self-signed certificate for ${s.domain}, SHA-256 ${s.certificate.fingerprint256}`);
  lines.push('');
  if (s.ports.smtp !== null && names.length > 0) {
    const to = names[names.length - 1];
    lines.push('Send a first message:');
    lines.push(`  swaks --server ${s.host}:${s.ports.smtp} --to ${to}@${s.domain}`);
    lines.push('');
  }
  lines.push('Mail to other domains is kept in the sandbox, never relayed. Ctrl-C stops the server.');
  return lines.join('\n') + '\n';
}
