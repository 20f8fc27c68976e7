/**
 * IMAP command parser: a framed command in, a typed ImapCommand out, or a ParseError whose
 * message goes into the BAD reply. Pure and synchronous.
 *
 * RFC 3501 §9 (extensions as noted):
 *
 *   command         = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF
 *   command-any     = "CAPABILITY" / "LOGOUT" / "NOOP" / x-command / id     ; id: RFC 2971
 *   command-auth    = append / create / delete / examine / list / lsub / rename / select /
 *                     status / subscribe / unsubscribe / enable / idle / namespace
 *   command-nonauth = login / authenticate / "STARTTLS"
 *   command-select  = "CHECK" / "CLOSE" / "EXPUNGE" / copy / fetch / store / uid / search /
 *                     move / "UNSELECT"
 *   uid             = "UID" SP (copy / fetch / search / store / move / uid-expunge)
 *
 *   login           = "LOGIN" SP userid SP password            ; userid, password = astring
 *   authenticate    = "AUTHENTICATE" SP auth-type [SP (base64 / "=")]   ; RFC 4959 SASL-IR
 *   select          = "SELECT" SP mailbox        (EXAMINE, CREATE, DELETE, SUBSCRIBE, UNSUBSCRIBE alike)
 *   rename          = "RENAME" SP mailbox SP mailbox
 *   list            = "LIST" SP mailbox SP list-mailbox          (LSUB alike)
 *   status          = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")"
 *   status-att      = "MESSAGES" / "RECENT" / "UIDNEXT" / "UIDVALIDITY" / "UNSEEN"
 *   append          = "APPEND" SP mailbox [SP flag-list] [SP date-time] SP literal
 *   store           = "STORE" SP sequence-set SP store-att-flags
 *   store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))
 *   copy            = "COPY" SP sequence-set SP mailbox
 *   move            = "MOVE" SP sequence-set SP mailbox         ; RFC 6851
 *   uid-expunge     = "EXPUNGE" SP sequence-set                 ; RFC 4315
 *   enable          = "ENABLE" 1*(SP capability)                ; RFC 5161
 *   id              = "ID" SP id-params-list                    ; RFC 2971
 *   id-params-list  = "(" *(string SP nstring) ")" / nil        ; pairs separated by SP
 *   idle            = "IDLE" CRLF "DONE"                        ; RFC 2177
 *   namespace       = "NAMESPACE"                               ; RFC 2342
 *   unselect        = "UNSELECT"                                ; RFC 3691
 *
 * fetch: fetch-items.ts; search: search-keys.ts; sequence-set: sequence-set.ts; dates: dates.ts.
 */
import type { ImapCommand, IdParam, StatusItem, StoreOperation } from './command-types.js';
import { STATUS_ITEMS } from './command-types.js';
import { readDateTime } from './dates.js';
import { readFetchItems } from './fetch-items.js';
import { type FramedCommand, ImapCommandFramer } from './framer.js';
import { MAX_ID_FIELD_OCTETS, MAX_ID_PAIRS, MAX_ID_VALUE_OCTETS } from './limits.js';
import { ParseError } from './parse-error.js';
import { readSearch } from './search-keys.js';
import { readSequenceSet } from './sequence-set.js';
import {
  CommandReader,
  astring,
  atom,
  end,
  fail,
  flag,
  flagList,
  hasSpace,
  isAtomChar,
  isTagChar,
  listMailbox,
  literal,
  mailbox,
  nstring,
  parenList,
  space,
  string,
} from './tokens.js';

export { ParseError } from './parse-error.js';

type Args = ImapCommand['args'];
type ArgParser = (r: CommandReader, name: string, uid: boolean) => Args;

const UID_COMMANDS = ['COPY', 'FETCH', 'MOVE', 'SEARCH', 'STORE', 'EXPUNGE'];

const noArgs: ArgParser = (r, name) => {
  if (!r.atEnd()) throw new ParseError(`${name} takes no arguments`);
  return {};
};

const oneMailbox: ArgParser = (r, name) => {
  space(r, `a mailbox name after ${name}`);
  const box = mailbox(r, `a mailbox name after ${name}`);
  end(r, name);
  return { mailbox: box };
};

const sequenceThenMailbox: ArgParser = (r, name, uid) => {
  const sequence = sequenceArg(r, name, uid);
  space(r, `the destination mailbox after the ${uid ? 'UID' : 'sequence'} set`);
  const box = mailbox(r, 'the destination mailbox');
  end(r, display(name, uid));
  return { sequence, mailbox: box };
};

function sequenceArg(r: CommandReader, name: string, uid: boolean) {
  const what = uid
    ? `a UID set after UID ${name} (such as 1:* or 4,7:9)`
    : `a message sequence set after ${name} (such as 1:5 or 2,4:*)`;
  space(r, what);
  return readSequenceSet(r, what);
}

function display(name: string, uid: boolean): string {
  return uid ? `UID ${name}` : name;
}

/** The argument parser of every command, as data (conventions.md 10: no dispatch by reflection). */
const ARGUMENTS: Readonly<Record<string, ArgParser>> = {
  CAPABILITY: noArgs,
  NOOP: noArgs,
  LOGOUT: noArgs,
  STARTTLS: noArgs,
  CHECK: noArgs,
  CLOSE: noArgs,
  IDLE: noArgs,
  NAMESPACE: noArgs,
  UNSELECT: noArgs,
  SELECT: oneMailbox,
  EXAMINE: oneMailbox,
  CREATE: oneMailbox,
  DELETE: oneMailbox,
  SUBSCRIBE: oneMailbox,
  UNSUBSCRIBE: oneMailbox,
  COPY: sequenceThenMailbox,
  MOVE: sequenceThenMailbox,

  LOGIN(r) {
    space(r, 'a user name after LOGIN');
    const userid = astring(r, 'a user name after LOGIN');
    space(r, 'a password after the user name');
    const password = astring(r, 'a password after the user name');
    end(r, 'LOGIN');
    return { userid, password };
  },

  AUTHENTICATE(r) {
    space(r, 'a SASL mechanism after AUTHENTICATE (such as PLAIN)');
    const mechanism = atom(r, 'a SASL mechanism after AUTHENTICATE (such as PLAIN)').toUpperCase();
    let initialResponse: string | undefined;
    if (hasSpace(r)) {
      r.skip();
      const text = r.takeWhile((c) => /[A-Za-z0-9+/=]/.test(c));
      if (text.length === 0) fail(r, 'an initial response in base64 (or "=" for an empty one)');
      if (text !== '=' && !isBase64(text)) {
        throw new ParseError('the initial response must be base64 (or "=" for an empty one)');
      }
      initialResponse = text === '=' ? '' : text;
    }
    end(r, 'AUTHENTICATE');
    return { mechanism, initialResponse };
  },

  RENAME(r) {
    space(r, 'the mailbox to rename after RENAME');
    const from = mailbox(r, 'the mailbox to rename after RENAME');
    space(r, `the new name for ${from}`);
    const newName = mailbox(r, `the new name for ${from}`);
    end(r, 'RENAME');
    return { mailbox: from, newName };
  },

  LIST: listArgs,
  LSUB: listArgs,

  STATUS(r) {
    space(r, 'a mailbox name after STATUS');
    const box = mailbox(r, 'a mailbox name after STATUS');
    const what = `a list of status items, such as (MESSAGES UNSEEN), after ${box}`;
    space(r, what);
    if (r.peek() !== '(') fail(r, what);
    const items = parenList(r, 'the STATUS items', (rr) => statusItem(rr));
    end(r, 'STATUS');
    return { mailbox: box, items };
  },

  APPEND(r) {
    space(r, 'a mailbox name after APPEND');
    const box = mailbox(r, 'a mailbox name after APPEND');
    const what = 'the message as a literal {n} (optionally after flags and a date)';
    space(r, what);
    let flags: string[] = [];
    if (r.peek() === '(') {
      flags = flagList(r, 'the flags of the appended message');
      space(r, 'the message as a literal {n} after the flags');
    }
    const internalDate = r.peek() === '"' ? readDateTime(r, 'the internal date') : undefined;
    if (internalDate) space(r, 'the message as a literal {n} after the date');
    const message = literal(r, 'the message');
    end(r, 'APPEND');
    return { mailbox: box, flags, internalDate, message };
  },

  FETCH(r, name, uid) {
    const sequence = sequenceArg(r, name, uid);
    space(r, 'the items to fetch (such as FLAGS, (UID ENVELOPE) or BODY.PEEK[])');
    const { items, macro } = readFetchItems(r);
    end(r, display(name, uid));
    return { sequence, items, macro };
  },

  STORE(r, name, uid) {
    const sequence = sequenceArg(r, name, uid);
    const what = 'FLAGS, +FLAGS or -FLAGS (optionally .SILENT) after the set';
    space(r, what);
    let operation: StoreOperation = 'set';
    if (r.peek() === '+' || r.peek() === '-') {
      operation = r.peek() === '+' ? 'add' : 'remove';
      r.skip();
    }
    const item = r.takeWhile((c) => /[A-Za-z.]/.test(c)).toUpperCase();
    if (item === '') fail(r, what);
    if (item !== 'FLAGS' && item !== 'FLAGS.SILENT') {
      throw new ParseError(`STORE changes flags: expected ${what}, found "${item}"`);
    }
    space(r, `the flags after ${item}, such as (\\Seen) or \\Deleted`);
    const flags =
      r.peek() === '(' ? flagList(r, 'the flags to store') : spaceSeparatedFlags(r, 'the flags to store');
    end(r, display(name, uid));
    return { sequence, operation, silent: item === 'FLAGS.SILENT', flags };
  },

  SEARCH(r, name, uid) {
    const { charset, keys } = readSearch(r, display(name, uid));
    end(r, display(name, uid));
    return { charset, keys };
  },

  EXPUNGE(r, name, uid) {
    if (!uid) return noArgs(r, name, uid);
    const sequence = sequenceArg(r, name, uid);
    end(r, 'UID EXPUNGE');
    return { sequence };
  },

  ENABLE(r) {
    const capabilities: string[] = [];
    space(r, 'a capability to enable after ENABLE (such as UTF8=ACCEPT)');
    do {
      if (capabilities.length > 0) r.skip();
      capabilities.push(atom(r, 'a capability name').toUpperCase());
    } while (hasSpace(r));
    end(r, 'ENABLE');
    return { capabilities };
  },

  ID(r) {
    space(r, 'NIL or a list of "field" "value" pairs after ID');
    if (r.peek() === '(') {
      const params = idParams(r);
      end(r, 'ID');
      return { params };
    }
    const word = r.takeWhile(isAtomChar);
    if (word.toUpperCase() !== 'NIL') {
      throw new ParseError('expected NIL or a list of "field" "value" pairs after ID, such as ("name" "mutt")');
    }
    end(r, 'ID');
    return { params: null };
  },
};

function listArgs(r: CommandReader, name: string): Args {
  space(r, `a reference name after ${name} (usually "")`);
  const reference = astring(r, `a reference name after ${name} (usually "")`);
  space(r, 'a mailbox pattern after the reference, such as "*" or "%"');
  const pattern = listMailbox(r, 'a mailbox pattern after the reference, such as "*" or "%"');
  end(r, name);
  return { reference, pattern };
}

function statusItem(r: CommandReader): StatusItem {
  const word = atom(r, 'a status item').toUpperCase();
  const item = STATUS_ITEMS.find((s) => s === word);
  if (!item) throw new ParseError(`unknown status item "${word}"; expected one of ${STATUS_ITEMS.join(' ')}`);
  return item;
}

function spaceSeparatedFlags(r: CommandReader, what: string): string[] {
  const flags = [flag(r, what)];
  while (hasSpace(r)) {
    r.skip();
    flags.push(flag(r, what));
  }
  return flags;
}

function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}

/** `"(" *(string SP nstring) ")"` with the RFC 2971 §3.3 limits. */
function idParams(r: CommandReader): IdParam[] {
  r.skip(); // "("
  const params: IdParam[] = [];
  if (r.peek() === ')') {
    r.skip();
    return params;
  }
  for (;;) {
    const field = string(r, 'an ID field name as a quoted string, such as "name"');
    space(r, `a value (a quoted string or NIL) for the ID field "${field}"`);
    const value = nstring(r, `a value for the ID field "${field}"`);
    if (Buffer.byteLength(field) > MAX_ID_FIELD_OCTETS) {
      throw new ParseError(`ID field names are at most ${MAX_ID_FIELD_OCTETS} octets (RFC 2971)`);
    }
    if (value !== null && Buffer.byteLength(value) > MAX_ID_VALUE_OCTETS) {
      throw new ParseError(`ID values are at most ${MAX_ID_VALUE_OCTETS} octets (RFC 2971)`);
    }
    params.push([field, value]);
    if (params.length > MAX_ID_PAIRS) throw new ParseError(`ID takes at most ${MAX_ID_PAIRS} field/value pairs (RFC 2971)`);
    if (r.peek() === ')') {
      r.skip();
      return params;
    }
    if (r.peek() !== ' ') fail(r, 'a space or ")" in the ID parameters');
    r.skip();
  }
}

/**
 * Parses a framed command, or a command written as text (`a LOGIN {5}\r\nalice ...`; a missing
 * final CRLF is added). Throws ParseError.
 */
export function parseCommand(input: FramedCommand | string): ImapCommand {
  const framed = typeof input === 'string' ? frameCommandText(input) : input;
  const r = new CommandReader(framed.parts);
  if (r.atEnd()) {
    throw new ParseError('empty command: a command is a tag, a space and a command name, such as "A1 NOOP"');
  }
  if (r.peek() === ' ') {
    throw new ParseError('a command must start with its tag, not with a space: "A1 NOOP"');
  }
  const tag = r.takeWhile(isTagChar);
  if (tag.length === 0) {
    fail(r, 'a tag (such as A1) at the start of the command; a tag is letters and digits, no "+", "*" or "("');
  }
  if (r.peek() !== ' ') {
    if (!r.atEnd()) throw new ParseError(`a tag is letters and digits; it cannot contain ${r.describeHere()}`);
    const hint = ARGUMENTS[tag.toUpperCase()] ? `; "${tag}" was read as the tag, try "A1 ${tag}"` : '';
    throw new ParseError(`expected a space and a command name after the tag "${tag}"${hint}`, { tag });
  }
  r.skip();
  let command = '';
  try {
    let name = atom(r, 'a command name after the tag').toUpperCase();
    command = name;
    let uid = false;
    if (name === 'UID') {
      const what = `a command after UID (${UID_COMMANDS.join(', ')})`;
      space(r, what);
      const sub = atom(r, what).toUpperCase();
      if (!UID_COMMANDS.includes(sub)) throw new ParseError(`UID cannot be used with ${sub}; expected ${what}`);
      name = sub;
      uid = true;
      command = `UID ${name}`;
    }
    const parse = ARGUMENTS[name];
    if (!parse) throw new ParseError(`unknown command "${name}"`);
    const args = parse(r, name, uid);
    return { tag, name, uid, args } as ImapCommand;
  } catch (err) {
    if (err instanceof ParseError) {
      throw new ParseError(err.message, { tag, command: command || undefined });
    }
    throw err;
  }
}

/** parseCommand without exceptions. */
export function tryParseCommand(
  input: FramedCommand | string,
): { readonly ok: true; readonly command: ImapCommand } | { readonly ok: false; readonly error: ParseError } {
  try {
    return { ok: true, command: parseCommand(input) };
  } catch (err) {
    if (err instanceof ParseError) return { ok: false, error: err };
    throw err;
  }
}

/** Frames one command written as text, literals included, accepting every literal. */
export function frameCommandText(text: string | Buffer): FramedCommand {
  const framer = new ImapCommandFramer({ nonSync: 'LITERAL+', onLiteral: () => 'accept', maxLineOctets: Infinity });
  // The final CRLF may be left out: add it only when the text alone does not end the command.
  for (const bytes of [typeof text === 'string' ? Buffer.from(text, 'utf8') : text, Buffer.from('\r\n')]) {
    framer.push(bytes);
    for (const event of framer.events()) {
      if (event.type !== 'command') continue;
      if (framer.buffered > 0) throw new ParseError('expected one command, found more after it');
      return event.command;
    }
  }
  throw new ParseError('the command ends before all of its literal data arrived');
}

/** Whether a raw line received during IDLE ends it (RFC 2177: `DONE`, case-insensitive). */
export function isIdleDone(line: string): boolean {
  return line.toUpperCase() === 'DONE';
}

/**
 * A client line answering an AUTHENTICATE challenge (RFC 3501 §6.2.2): `*` cancels (answer
 * `BAD`), anything else must be base64 (an empty line is an empty response).
 */
export function parseAuthenticateResponse(line: string): { readonly cancelled: true } | { readonly cancelled: false; readonly data: Buffer } {
  if (line === '*') return { cancelled: true };
  if (line !== '' && !isBase64(line)) {
    throw new ParseError('the response to an AUTHENTICATE challenge must be base64, or * to cancel');
  }
  return { cancelled: false, data: Buffer.from(line, 'base64') };
}
