/**
 * The protocol catalogs (src/protocols/<p>/commands.ts) as the input line needs them: the commands
 * a learner may type, and a typed line split into its IMAP tag, command name and arguments.
 */
import type { ClientProtocol } from '../client/events.js';
import { IMAP_COMMANDS } from '../protocols/imap/commands.js';
import { POP3_COMMANDS } from '../protocols/pop3/commands.js';
import { SMTP_COMMANDS } from '../protocols/smtp/commands.js';

export type CatalogEntry = {
  /** Upper-case, `UID FETCH` for IMAP's two-word commands. */
  readonly name: string;
  readonly syntax: string;
  readonly summary: string;
  readonly rfc: string;
  /** States the command is accepted in (catalog terms: SMTP greeted, IMAP selected ...). */
  readonly states?: readonly string[];
};

const CATALOGS: Readonly<Record<ClientProtocol, readonly CatalogEntry[]>> = {
  smtp: SMTP_COMMANDS.filter((c) => !c.historic),
  pop3: POP3_COMMANDS.filter((c) => !c.retired),
  imap: IMAP_COMMANDS,
};

export function commandsOf(protocol: ClientProtocol): readonly CatalogEntry[] {
  return CATALOGS[protocol];
}

export function findCommand(protocol: ClientProtocol, name: string): CatalogEntry | undefined {
  const upper = name.toUpperCase();
  return CATALOGS[protocol].find((c) => c.name === upper);
}

/** A typed line, read up to the cursor. */
export type TypedLine = {
  /** The learner's own IMAP tag, when the first word is not a command. */
  readonly tag?: string;
  /** The command as typed (`uid fetch`), or the partial first word. */
  readonly name: string;
  readonly entry?: CatalogEntry;
  /** Complete words after the command. */
  readonly args: readonly string[];
  /** The word being typed (after the last space); '' right after a space. */
  readonly current: string;
  /** True while the command name itself is being typed. */
  readonly inName: boolean;
};

/** Splits a typed line. IMAP: a first word that is not a command is the learner's tag. */
export function readTyped(protocol: ClientProtocol, text: string): TypedLine {
  const words = text.replace(/^\s+/, '').split(' ');
  const current = words.pop() ?? '';
  let i = 0;
  let tag: string | undefined;
  if (protocol === 'imap' && words.length > 0 && !findCommand('imap', words[0]!) && !words[0]!.startsWith(':')) {
    tag = words[0];
    i = 1;
  }
  if (i >= words.length) return { ...(tag ? { tag } : {}), name: current, args: [], current, inName: true };
  let name = words[i]!;
  let entry = findCommand(protocol, name);
  i++;
  if (protocol === 'imap' && name.toUpperCase() === 'UID') {
    if (i >= words.length) return { ...(tag ? { tag } : {}), name: `${name} ${current}`, args: [], current, inName: true, ...(entry ? { entry } : {}) };
    name = `${name} ${words[i]!}`;
    entry = findCommand('imap', name) ?? entry;
    i++;
  }
  return { ...(tag ? { tag } : {}), name, ...(entry ? { entry } : {}), args: words.slice(i).filter((w) => w !== ''), current, inName: false };
}
