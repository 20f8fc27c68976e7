/**
 * A class's accounts from one file (`mailproto sandbox --users FILE`): CSV with a `name,password`
 * header line, or YAML, a list of `- name: x\n  password: y`. The accounts are stored with scrypt
 * hashes through Users.add; the file itself is only read. Errors name the file and line, like
 * `lessons check` does, so an instructor can fix the file.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { UserSpec, Users } from './users.js';
import { isValidUserName } from './user-names.js';

/** More accounts than any class needs: a bigger file is a mistake (and would take minutes to hash). */
export const MAX_ACCOUNTS = 1000;
/** Larger than any class list; read no further. */
export const MAX_USERS_FILE_BYTES = 1024 * 1024;

/** A users file that cannot be used; the message starts with `FILE:LINE:` where a line is known. */
export class UsersFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsersFileError';
  }
}

type Entry = UserSpec & { readonly line: number };

/** Reads and checks an accounts file; the format follows the extension (.csv, .yaml, .yml), else the content. */
export async function readAccountsFile(path: string): Promise<UserSpec[]> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    throw new UsersFileError(`${path}: cannot read the users file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (data.length > MAX_USERS_FILE_BYTES) throw new UsersFileError(`${path}: larger than ${MAX_USERS_FILE_BYTES} bytes; is this a users file?`);
  return parseAccounts(data.toString('utf8'), path);
}

/** Parses the text of an accounts file (named `path` in messages). */
export function parseAccounts(text: string, path: string): UserSpec[] {
  const body = text.replace(/^\uFEFF/, '');
  const ext = extname(path).toLowerCase();
  const yaml = ext === '.yaml' || ext === '.yml' || (ext !== '.csv' && /^\s*(#.*\n\s*)*-/.test(body));
  const entries = yaml ? parseYaml(body, path) : parseCsv(body, path);
  return check(entries, path);
}

/**
 * Stores every account of the file in `users` (hashed; an existing account gets the new password).
 * Returns the names in file order.
 */
export async function importAccountsFile(users: Users, path: string): Promise<string[]> {
  const accounts = await readAccountsFile(path);
  // Hashing is the slow part and runs in the libuv pool; Users.add serialises the writes.
  await Promise.all(accounts.map((a) => users.add(a.name, a.password)));
  return accounts.map((a) => a.name);
}

function check(entries: readonly Entry[], path: string): UserSpec[] {
  if (entries.length === 0) throw new UsersFileError(`${path}: no accounts in the file`);
  if (entries.length > MAX_ACCOUNTS) throw new UsersFileError(`${path}: ${entries.length} accounts, at most ${MAX_ACCOUNTS}`);
  const seen = new Map<string, number>();
  for (const e of entries) {
    const at = `${path}:${e.line}:`;
    if (!isValidUserName(e.name)) throw new UsersFileError(`${at} invalid user name ${JSON.stringify(e.name)}: use letters, digits, ".", "_" and "-" (at most 64)`);
    // `_held` and the like are the sandbox's own maildirs: an account there would read other people's mail.
    if (e.name.startsWith('_')) throw new UsersFileError(`${at} user names starting with "_" are reserved for the sandbox (${e.name})`);
    if (e.password.length === 0) throw new UsersFileError(`${at} empty password for ${e.name}`);
    const first = seen.get(e.name.toLowerCase());
    if (first !== undefined) throw new UsersFileError(`${at} ${e.name} is already defined on line ${first}`);
    seen.set(e.name.toLowerCase(), e.line);
  }
  return entries.map(({ name, password }) => ({ name, password }));
}

/**
 * CSV as RFC 4180 writes it (spreadsheets export this): fields separated by commas, optionally in
 * double quotes with `""` for a quote, so passwords may hold commas. Columns are found by the
 * header; other columns (e.g. an e-mail address) are ignored. Blank lines are skipped.
 */
function parseCsv(text: string, path: string): Entry[] {
  const rows = csvRows(text, path).filter((r) => !(r.fields.length === 1 && r.fields[0]!.trim() === ''));
  const header = rows.shift();
  const columns = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  const nameCol = columns.indexOf('name');
  const passCol = columns.indexOf('password');
  if (!header || nameCol < 0 || passCol < 0) {
    throw new UsersFileError(`${path}:${header?.line ?? 1}: the first line must be the header "name,password"`);
  }
  return rows.map((r) => {
    if (r.fields.length < columns.length) throw new UsersFileError(`${path}:${r.line}: expected ${columns.length} fields (${columns.join(',')}), found ${r.fields.length}`);
    return { name: r.fields[nameCol]!.trim(), password: r.fields[passCol]!, line: r.line };
  });
}

function csvRows(text: string, path: string): Array<{ fields: string[]; line: number }> {
  const rows: Array<{ fields: string[]; line: number }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      rows.push({ fields: [...fields, field], line: rowLine });
      fields = [];
      field = '';
      line++;
      rowLine = line;
    } else field += c;
  }
  if (quoted) throw new UsersFileError(`${path}:${rowLine}: a quoted field is not closed`);
  if (field !== '' || fields.length > 0) rows.push({ fields: [...fields, field], line: rowLine });
  return rows;
}

/** YAML with every scalar read as a string (the failsafe schema), so `password: 0123` stays "0123". */
function parseYaml(text: string, path: string): Entry[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter: lines, prettyErrors: false });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lines.linePos(offset).line);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new UsersFileError(`${path}:${lineOf(e.pos[0])}: not valid YAML (${e.message.split('\n')[0]})`);
  }
  const root = doc.contents;
  if (!isSeq(root)) throw new UsersFileError(`${path}:${lineOf(root?.range?.[0])}: expected a list of accounts, each "- name: NAME" and "  password: PASSWORD"`);
  return root.items.map((item) => {
    const line = lineOf((item as { range?: [number, number, number] } | null)?.range?.[0]);
    if (!isMap(item)) throw new UsersFileError(`${path}:${line}: expected "name:" and "password:" in this entry`);
    const value = (key: string): string => {
      const v: unknown = item.get(key);
      if (typeof v !== 'string') throw new UsersFileError(`${path}:${line}: the entry needs a "${key}:" with a single value`);
      return v;
    };
    return { name: value('name').trim(), password: value('password'), line };
  });
}
