/**
 * `:help [COMMAND]`, from the same catalogs the sandbox dispatches from and the annotator explains
 * with (conventions.md 2).
 */
import { IMAP_COMMANDS, findImapCommand } from '../protocols/imap/commands.js';
import { POP3_COMMANDS, lookupPop3Command } from '../protocols/pop3/commands.js';
import { SMTP_COMMANDS, lookupSmtpCommand } from '../protocols/smtp/commands.js';
import type { ClientProtocol } from './events.js';

export type MetaCommandInfo = { readonly name: string; readonly syntax: string; readonly summary: string };

export const META_COMMANDS: readonly MetaCommandInfo[] = [
  { name: ':help', syntax: ':help [COMMAND]', summary: 'This list, or what a protocol command or meta-command does.' },
  { name: ':starttls', syntax: ':starttls', summary: 'Upgrade to TLS now (STARTTLS, or STLS in POP3) and show the certificate.' },
  { name: ':auth', syntax: ':auth plain|login|cram-md5 [USER] PASS', summary: 'Log in: computes the base64 (or the CRAM-MD5 HMAC) for this protocol and sends it.' },
  { name: ':send', syntax: ':send [--bdat] FILE', summary: 'SMTP: DATA with dot-stuffing (or one BDAT chunk) after MAIL and RCPT. IMAP: APPEND the file to INBOX.' },
  { name: ':b64', syntax: ':b64 TEXT', summary: 'TEXT in base64 (\\0 stands for a NUL byte, as in AUTH PLAIN).' },
  { name: ':unb64', syntax: ':unb64 TEXT', summary: 'Decodes base64, e.g. a server challenge.' },
  { name: ':explain', syntax: ':explain CODE', summary: 'Explains a reply code or a whole reply line.' },
  { name: ':raw', syntax: ':raw', summary: 'Show line ends (\\r\\n) on every line, or stop showing them.' },
  { name: ':record', syntax: ':record FILE', summary: 'Record the rest of the session as a transcript (JSON Lines).' },
  { name: ':note', syntax: ':note TEXT', summary: 'An instructor note: sends nothing, shown as a # line and kept in the recording.' },
  { name: ':marker', syntax: ':marker LABEL', summary: 'A chapter marker in the recording (replay jumps between them); sends nothing.' },
  { name: ':quit', syntax: ':quit', summary: 'Say QUIT (or LOGOUT) and end the session.' },
];

type Entry = {
  readonly name: string;
  readonly syntax: string;
  readonly summary: string;
  readonly rfc: string;
  readonly states?: readonly string[];
  readonly retired?: string;
};

function catalog(protocol: ClientProtocol): readonly Entry[] {
  if (protocol === 'smtp') return SMTP_COMMANDS.filter((c) => !c.historic);
  if (protocol === 'pop3') return POP3_COMMANDS.filter((c) => !c.retired);
  return IMAP_COMMANDS;
}

function lookup(protocol: ClientProtocol, name: string): Entry | undefined {
  if (protocol === 'smtp') return lookupSmtpCommand(name);
  if (protocol === 'pop3') return lookupPop3Command(name);
  return findImapCommand(name);
}

/** The `:help` text: one command, or everything. */
export function helpText(protocol: ClientProtocol, topic?: string): string {
  const wanted = topic?.trim();
  if (wanted) {
    const meta = META_COMMANDS.find((m) => m.name === (wanted.startsWith(':') ? wanted : `:${wanted}`).toLowerCase());
    const entry = wanted.startsWith(':') ? undefined : lookup(protocol, wanted);
    if (entry) {
      const lines = [`${entry.syntax}`, `  ${entry.summary}`];
      if (entry.retired) lines.push(`  ${entry.retired}`);
      if (entry.states) lines.push(`  allowed in: ${entry.states.join(', ')}`);
      lines.push(`  (${entry.rfc})`);
      return lines.join('\n');
    }
    if (meta) return `${meta.syntax}\n  ${meta.summary}`;
    return `no ${protocol.toUpperCase()} command or meta-command named ${wanted}; :help lists them`;
  }
  const width = 34;
  const commands = catalog(protocol).map((c) => `  ${c.syntax.padEnd(width)} ${c.summary}`);
  const metas = META_COMMANDS.map((m) => `  ${m.syntax.padEnd(width)} ${m.summary}`);
  return [`${protocol.toUpperCase()} commands:`, ...commands, 'Meta-commands:', ...metas].join('\n');
}
