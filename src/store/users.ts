/**
 * Sandbox accounts. Stored users live in `DATA/users.json` (mode 0600) with scrypt hashes; users
 * from `--user NAME:PASS` flags (`extra`) and the built-in defaults (alice, bob) live only in
 * memory and keep their plaintext, which CRAM-MD5 and APOP need (RFC 2195, RFC 1939 §7: the server
 * must know the shared secret). Names are matched case-insensitively; each has one canonical spelling.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isErrno, writeFileAtomic } from './durable-fs.js';
import { Mutex } from './mutex.js';
import { hashPassword, isPasswordHash, verifyPasswordHash } from './password-hash.js';
import { StoreError } from './types.js';
import { isValidUserName } from './user-names.js';

export type UserSpec = { readonly name: string; readonly password: string };

export const USERS_FILE = 'users.json';
export const USERS_FILE_VERSION = 1;
/** The mailing list every user is on, for SMTP EXPN (RFC 5321 §3.5). */
export const CLASS_LIST = 'class';

type Stored = { readonly name: string; readonly hash: string };
type Account = { readonly name: string; readonly hash?: string; readonly password?: string };

/** A well-formed hash of no one's password, checked for unknown users so that a miss costs as long as a hit. */
export const DUMMY_HASH = 'scrypt$16384$8$1$c2FuZGJveHNhbmRib3g=$0Fz2f4m8G5a1o0bqk1b0ZQm1pYyH7b3x8y8b9cVqQ7E=';

function key(name: string): string {
  return name.toLowerCase();
}

function checkName(name: string): void {
  if (!isValidUserName(name)) {
    throw new StoreError('CANNOT', `invalid user name ${JSON.stringify(name)}: use letters, digits, ".", "_" and "-" (at most 64)`);
  }
}

function byName(accounts: Iterable<Account | UserSpec>): Map<string, Account> {
  const map = new Map<string, Account>();
  for (const a of accounts) map.set(key(a.name), a);
  return map;
}

export class Users {
  /** Path of users.json. */
  readonly path: string;
  readonly #stored: Map<string, Stored>;
  readonly #extra: Map<string, Account>;
  readonly #defaults: Map<string, Account>;
  readonly #mutex = new Mutex();

  private constructor(path: string, stored: Stored[], extra: readonly UserSpec[], defaults: readonly UserSpec[]) {
    this.path = path;
    this.#stored = byName(stored) as Map<string, Stored>;
    this.#extra = byName(extra);
    this.#defaults = byName(defaults);
  }

  /**
   * Reads `DATA/users.json` if present. `extra` users override stored ones of the same name;
   * `defaults` count only while there are neither stored nor extra users.
   */
  static async load(opts: { dir: string; extra?: readonly UserSpec[]; defaults?: readonly UserSpec[] }): Promise<Users> {
    for (const u of [...(opts.extra ?? []), ...(opts.defaults ?? [])]) checkName(u.name);
    const path = join(opts.dir, USERS_FILE);
    return new Users(path, await readUsersFile(path), opts.extra ?? [], opts.defaults ?? []);
  }

  /** Canonical names, sorted. */
  names(): string[] {
    return [...this.#accounts().values()].map((a) => a.name).sort();
  }

  has(name: string): boolean {
    return this.#accounts().has(key(name));
  }

  /** The canonical spelling of a user name, matched case-insensitively. */
  canonical(name: string): string | undefined {
    return this.#accounts().get(key(name))?.name;
  }

  /** Checks a password in constant time (for in-memory users too). */
  async verify(name: string, password: string): Promise<boolean> {
    const account = this.#accounts().get(key(name));
    if (account?.password !== undefined) {
      const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
      return timingSafeEqual(digest(password), digest(account.password));
    }
    const ok = await verifyPasswordHash(password, account?.hash ?? DUMMY_HASH);
    return account !== undefined && ok;
  }

  /** The plaintext password for in-memory users (CRAM-MD5, APOP); undefined for stored users. */
  secret(name: string): string | undefined {
    return this.#accounts().get(key(name))?.password;
  }

  /** Adds (or re-keys) a stored user: the scrypt hash goes to users.json, the plaintext nowhere. */
  async add(name: string, password: string): Promise<void> {
    checkName(name);
    if (password.length === 0) throw new StoreError('CANNOT', 'the password must not be empty');
    const hash = await hashPassword(password);
    await this.#mutex.run(async () => {
      this.#stored.set(key(name), { name, hash });
      await this.#save();
    });
  }

  /** Removes a user (stored and in-memory); true when there was one. */
  async remove(name: string): Promise<boolean> {
    return this.#mutex.run(async () => {
      const wasExtra = this.#extra.delete(key(name));
      const wasStored = this.#stored.delete(key(name));
      if (wasStored) await this.#save();
      return wasStored || wasExtra;
    });
  }

  /** Mailing lists for EXPN: `class` -> every user, sorted. */
  lists(): Map<string, string[]> {
    return new Map([[CLASS_LIST, this.names()]]);
  }

  #accounts(): Map<string, Account> {
    if (this.#stored.size === 0 && this.#extra.size === 0) return this.#defaults;
    return new Map<string, Account>([...this.#stored, ...this.#extra]);
  }

  async #save(): Promise<void> {
    const users = [...this.#stored.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((u) => ({ name: u.name, hash: u.hash }));
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, `${JSON.stringify({ version: USERS_FILE_VERSION, users }, null, 2)}\n`, 0o600);
  }
}

async function readUsersFile(path: string): Promise<Stored[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return [];
    throw err;
  }
  const bad = (why: string): never => {
    throw new StoreError('CANNOT', `${path}: ${why}`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return bad(`not valid JSON (${(err as Error).message})`);
  }
  const doc = data as { version?: unknown; users?: unknown };
  if (typeof data !== 'object' || data === null || doc.version !== USERS_FILE_VERSION || !Array.isArray(doc.users)) {
    return bad(`expected {"version": ${USERS_FILE_VERSION}, "users": [...]}`);
  }
  return doc.users.map((u: unknown, i: number) => {
    const entry = u as { name?: unknown; hash?: unknown };
    if (typeof entry?.name !== 'string' || !isValidUserName(entry.name)) return bad(`users[${i}]: invalid name`);
    if (typeof entry.hash !== 'string' || !isPasswordHash(entry.hash)) return bad(`users[${i}] (${entry.name}): hash is not scrypt$N$r$p$salt$hash`);
    return { name: entry.name, hash: entry.hash };
  });
}
