/** `mailproto sandbox`: the sandbox mail server in the foreground until Ctrl-C or SIGTERM. */
import type { Command } from 'commander';
import { parseFault, FaultSpecError, type Fault } from '../server/faults.js';
import { jsonLinesLog, silentLog } from '../server/session-log.js';
import { CertificateError } from '../server/tls-cert.js';
import { DEFAULT_PORTS, SERVICES, SandboxConfigError, startSandbox, type Sandbox, type ServiceName } from '../server/sandbox.js';
import { createTempDataDir, removeOnExit } from '../store/temp-dir.js';
import { defaultDataDir } from '../store/default-data-dir.js';
import { StoreError } from '../store/types.js';
import { importAccountsFile, UsersFileError } from '../store/users-file.js';
import { Users } from '../store/users.js';
import { AbortError } from './errors.js';
import { collect, collectUser, parsePort, parsePositiveInt } from './options.js';
import { registerSandboxUsers } from './sandbox-users.js';
import { formatBanner, listeningEvent } from './sandbox-banner.js';

type SandboxCliOptions = {
  host: string;
  allowRemote?: boolean;
  data?: string;
  temp?: boolean;
  user?: Array<{ name: string; password: string }>;
  users?: string;
  requireTls?: boolean;
  maxConnectionsPerMinute?: number;
  domain?: string;
  cert?: string;
  key?: string;
  json?: boolean;
  fault?: string[];
  vrfy: boolean;
  maxMessageSize?: number;
  maxClients?: number;
  maxClientsPerAddress?: number;
  smtpTimeout?: number;
  pop3Timeout?: number;
  pop3LoginDelay?: number;
  imapTimeout?: number;
} & Partial<Record<ServiceName, number | 'off'>>;

function parseFaults(specs: readonly string[]): Fault[] {
  try {
    return specs.map(parseFault);
  } catch (err) {
    if (err instanceof FaultSpecError) throw new AbortError('E_BAD_FAULT', err.message, { tryMessage: '--fault "smtp:RCPT:452 4.2.2 Mailbox full"' });
    throw err;
  }
}

/** `--users FILE`: the class's accounts, stored hashed in DATA/users.json before the server starts. */
async function importClass(dataDir: string, file: string): Promise<void> {
  try {
    await importAccountsFile(await Users.load({ dir: dataDir }), file);
  } catch (err) {
    if (err instanceof UsersFileError || err instanceof StoreError) {
      throw new AbortError('E_BAD_USERS_FILE', err.message, { tryMessage: 'a CSV file with the header "name,password", or YAML "- name: carol" / "  password: secret"' });
    }
    throw err;
  }
}

async function run(opts: SandboxCliOptions): Promise<void> {
  if (opts.data && opts.temp) throw new AbortError('E_USAGE', '--data and --temp exclude each other', { tryMessage: 'one of them' });
  const faults = parseFaults(opts.fault ?? []);
  let dataDir = opts.data ?? defaultDataDir();
  if (opts.temp) {
    const temp = await createTempDataDir();
    removeOnExit(temp.dir);
    dataDir = temp.dir;
  }
  if (opts.users !== undefined) await importClass(dataDir, opts.users);
  const ports: Partial<Record<ServiceName, number | null>> = {};
  for (const s of SERVICES) {
    const port = opts[s];
    if (port !== undefined) ports[s] = port === 'off' ? null : port;
  }
  const write = (line: string): void => void process.stdout.write(line);
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      dataDir,
      host: opts.host,
      allowRemote: opts.allowRemote,
      ports,
      domain: opts.domain,
      users: opts.user,
      certFile: opts.cert,
      keyFile: opts.key,
      faults,
      vrfy: opts.vrfy,
      maxMessageSize: opts.maxMessageSize,
      maxClients: opts.maxClients,
      maxClientsPerAddress: opts.maxClientsPerAddress,
      maxConnectionsPerMinute: opts.maxConnectionsPerMinute,
      // A class sandbox carries students' passwords: they travel only inside TLS, on loopback too.
      requireTlsForAuth: opts.requireTls || opts.users !== undefined ? true : undefined,
      smtpTimeoutMs: opts.smtpTimeout === undefined ? undefined : opts.smtpTimeout * 1000,
      pop3TimeoutMs: opts.pop3Timeout === undefined ? undefined : opts.pop3Timeout * 1000,
      pop3LoginDelayMs: opts.pop3LoginDelay === undefined ? undefined : opts.pop3LoginDelay * 1000,
      imapTimeoutMs: opts.imapTimeout === undefined ? undefined : opts.imapTimeout * 1000,
      log: opts.json ? jsonLinesLog(write) : silentLog,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      throw new AbortError('E_PORT_IN_USE', `port ${String((e as { port?: number }).port ?? '')} is already in use (another sandbox running?)`, {
        tryMessage: 'mailproto sandbox --smtp 0 --submission 0 --smtps 0 (free ports), or stop the other server',
      });
    }
    if (e.code === 'EACCES') throw new AbortError('E_PORT_DENIED', `not allowed to bind: ${e.message}`, { tryMessage: 'a port above 1023' });
    if (err instanceof SandboxConfigError) throw new AbortError('E_REMOTE', err.message, { tryMessage: '--host 127.0.0.1, or add --allow-remote' });
    if (err instanceof CertificateError) {
      throw new AbortError('E_BAD_CERT', err.message, { tryMessage: '--cert FILE --key FILE with a PEM certificate and its private key, or neither (a self-signed one is generated)' });
    }
    throw err;
  }
  if (opts.json) write(JSON.stringify(listeningEvent(sandbox)) + '\n');
  else write(formatBanner(sandbox, { defaultUsers: !opts.user && !opts.users }));
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sandbox.close();
  if (!opts.json) process.stdout.write('mailproto sandbox stopped.\n');
}

/** Registers `sandbox` and its `users` subcommands. */
export function registerSandbox(program: Command): void {
  const cmd = program
    .command('sandbox')
    .description('run the sandbox mail server in the foreground until Ctrl-C')
    .enablePositionalOptions()
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--allow-remote', 'allow a non-loopback --host (plaintext AUTH is then refused until TLS)')
    .option('--require-tls', 'refuse plaintext AUTH/LOGIN/USER until TLS, on loopback too (always so with --allow-remote)')
    .option('--data <dir>', 'data directory (store, users, certificate)')
    .option('--temp', 'use a fresh temporary data directory, removed at exit');
  for (const s of SERVICES) {
    cmd.option(`--${s} <port>`, `${s} port, 0 for a free one, "off" to disable (default ${DEFAULT_PORTS[s]})`, parsePort);
  }
  cmd
    .option('--user <name:pass>', 'a sandbox account (repeatable); default alice:password and bob:password', collectUser)
    .option('--users <file>', 'class accounts from a CSV ("name,password" header) or YAML file, stored hashed; implies --require-tls')
    .option('--domain <domain>', 'the sandbox mail domain', 'sandbox.test')
    .option('--cert <file>', 'TLS certificate (PEM) instead of the generated one')
    .option('--key <file>', 'TLS private key (PEM) for --cert')
    .option('--json', 'print a "listening" JSON line, then one JSON line per session event')
    .option('--fault <spec>', 'inject a reply, e.g. "smtp:RCPT:452 4.2.2 Mailbox full@0.3" (repeatable)', collect)
    .option('--no-vrfy', 'answer VRFY with 252 and refuse EXPN, as most real servers do')
    .option('--max-message-size <bytes>', 'largest message accepted (SIZE)', parsePositiveInt)
    .option('--max-clients <n>', 'most connections at once, all services together', parsePositiveInt)
    .option('--max-clients-per-address <n>', 'most connections at once from one address', parsePositiveInt)
    .option('--max-connections-per-minute <n>', 'most new connections per minute from one address, all services together', parsePositiveInt)
    .option('--smtp-timeout <seconds>', 'SMTP idle timeout (default 300)', parsePositiveInt)
    .option('--pop3-timeout <seconds>', 'POP3 idle timeout (default 600)', parsePositiveInt)
    .option('--pop3-login-delay <seconds>', 'least time between two POP3 logins of a user, announced as LOGIN-DELAY (RFC 2449; default none)', parsePositiveInt)
    .option('--imap-timeout <seconds>', 'IMAP idle timeout between commands, IDLE exempt (default 1800)', parsePositiveInt)
    .action(async (opts: SandboxCliOptions) => run(opts));
  registerSandboxUsers(cmd);
}
