/** `mailproto sandbox users add|remove|list`: accounts for a class sandbox, stored hashed. */
import type { Command } from 'commander';
import { defaultDataDir } from '../store/default-data-dir.js';
import { MailStore } from '../store/store.js';
import { StoreError } from '../store/types.js';
import { Users } from '../store/users.js';
import { AbortError } from './errors.js';

type UsersCliOptions = { data?: string; json?: boolean };

async function openUsers(opts: UsersCliOptions): Promise<{ users: Users; dir: string }> {
  const dir = opts.data ?? defaultDataDir();
  return { users: await Users.load({ dir }), dir };
}

/** Reads a password from the environment or the first line of standard input. */
async function readPassword(given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  if (process.env.MAILPROTO_PASSWORD) return process.env.MAILPROTO_PASSWORD;
  if (process.stdin.isTTY) {
    throw new AbortError('E_NO_PASSWORD', 'no password given', { tryMessage: 'mailproto sandbox users add NAME PASSWORD, or pipe it: echo secret | mailproto sandbox users add NAME' });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (line === '') throw new AbortError('E_NO_PASSWORD', 'the password read from standard input is empty', { tryMessage: 'echo secret | mailproto sandbox users add NAME' });
  return line;
}

export function registerSandboxUsers(sandbox: Command): void {
  const users = sandbox.command('users').description('manage the accounts of a class sandbox (passwords are stored hashed)');
  users
    .command('add <name> [password]')
    .description('add an account or change its password (password from the argument, $MAILPROTO_PASSWORD or stdin)')
    .option('--data <dir>', 'data directory')
    .action(async (name: string, password: string | undefined, opts: UsersCliOptions) => {
      const { users: u, dir } = await openUsers(opts);
      try {
        await u.add(name, await readPassword(password));
      } catch (err) {
        if (err instanceof StoreError) throw new AbortError('E_BAD_USER', err.message, { tryMessage: 'a name like carol or c.smith' });
        throw err;
      }
      const store = await MailStore.open({ dir });
      await store.ensureUser(u.canonical(name) ?? name);
      await store.close();
      process.stdout.write(`added ${name} (${dir})\n`);
    });
  users
    .command('remove <name>')
    .description('remove an account (its mail stays on disk)')
    .option('--data <dir>', 'data directory')
    .action(async (name: string, opts: UsersCliOptions) => {
      const { users: u } = await openUsers(opts);
      if (!(await u.remove(name))) throw new AbortError('E_NO_USER', `no stored account named ${name}`, { tryMessage: 'mailproto sandbox users list' });
      process.stdout.write(`removed ${name}\n`);
    });
  users
    .command('list')
    .description('list the stored accounts')
    .option('--data <dir>', 'data directory')
    .option('--json', 'print a JSON array')
    .action(async (opts: UsersCliOptions) => {
      const { users: u } = await openUsers(opts);
      const names = u.names();
      if (opts.json) process.stdout.write(JSON.stringify(names) + '\n');
      else process.stdout.write(names.length === 0 ? 'no stored accounts (the sandbox then uses alice and bob)\n' : names.join('\n') + '\n');
    });
}
