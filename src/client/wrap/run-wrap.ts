/**
 * `mailproto wrap -- CMD ARGS...`: runs a real tool (openssl s_client, nc, telnet) in a
 * pseudo-terminal (node-pty). What the learner types goes to the tool as it is (stdin raw on a
 * terminal), the tool's output comes back as it is, and WrapTap adds `#  ` explanations after
 * the protocol lines it recognises. Exits with the tool's status.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import * as pty from 'node-pty';
import { defaultAnnotator, silentAnnotator } from '../annotator.js';
import type { ClientProtocol } from '../events.js';
import { WrapRecording } from './recording.js';
import { WrapTap } from './tap.js';
import { describeTool } from './tool.js';
import { EXIT_NO_TOOL, WrapError } from './wrap-error.js';

export type WrapOptions = {
  readonly command: string;
  readonly args: readonly string[];
  /** --record FILE. */
  readonly record?: string;
  readonly showSecrets?: boolean;
  /** false for --no-annotate (the recording still works). */
  readonly annotate?: boolean;
  /** --protocol: do not guess. */
  readonly protocol?: ClientProtocol;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly env?: NodeJS.ProcessEnv;
};

export type WrapResult = {
  /** The tool's exit status (128 + signal when a signal ended it). */
  readonly exitCode: number;
  /** The protocol recognised, if any. */
  readonly protocol?: ClientProtocol;
  /** Things to say on stderr after the tool ended. */
  readonly notices: readonly string[];
};

/** Debian packages that hold the tools wrap is made for. */
const INSTALL: Readonly<Record<string, string>> = {
  nc: 'netcat-openbsd',
  netcat: 'netcat-openbsd',
  ncat: 'ncat',
  telnet: 'telnet',
  openssl: 'openssl',
  'gnutls-cli': 'gnutls-bin',
};

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The path of `command` (looked up on PATH unless it names a path). @throws WrapError exit 127 */
export function resolveCommand(command: string, path: string): string {
  const found = command.includes('/') ? (executable(command) ? command : undefined) : path.split(delimiter).filter(Boolean).map((dir) => join(dir, command)).find(executable);
  if (found) return found;
  const pkg = INSTALL[command];
  throw new WrapError('E_NO_TOOL', `${command} is not installed (not found${command.includes('/') ? '' : ' on PATH'})`, {
    exitCode: EXIT_NO_TOOL,
    tryMessage: pkg ? `install it, e.g. apt-get install ${pkg}` : 'check the name, or give the full path of the program',
  });
}

/** Runs the tool until it ends. @throws WrapError before the tool starts (not installed, --record unwritable). */
export async function runWrap(opts: WrapOptions): Promise<WrapResult> {
  const env = opts.env ?? process.env;
  const file = resolveCommand(opts.command, env.PATH ?? '');
  const tool = describeTool(opts.command, opts.args);
  const recording = opts.record ? await WrapRecording.open(opts.record, tool) : undefined;
  const started = performance.now();
  const terminal = opts.stdout.isTTY === true;
  const holder: { tap?: WrapTap } = {};
  const tap = new WrapTap({
    tool,
    annotator: opts.annotate === false ? silentAnnotator : defaultAnnotator,
    showSecrets: opts.showSecrets ?? false,
    ...(opts.protocol ? { protocol: opts.protocol } : {}),
    dim: terminal && !env.NO_COLOR,
    eol: terminal ? '\r\n' : '\n',
    now: () => Math.round(performance.now() - started),
    ...(recording ? { emit: (e) => recording.add(e, holder.tap?.protocol) } : {}),
  });
  holder.tap = tap;

  let stdoutGone = false;
  const write = (bytes: Buffer): void => {
    if (bytes.length > 0 && !stdoutGone) opts.stdout.write(bytes);
  };
  const onStdoutError = (err: NodeJS.ErrnoException): void => {
    if (err.code !== 'EPIPE') throw err;
    stdoutGone = true;
  };
  opts.stdout.on('error', onStdoutError);

  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  let term: pty.IPty;
  try {
    term = pty.spawn(file, [...opts.args], {
      name: env.TERM || 'xterm-256color',
      cols: opts.stdout.columns || 80,
      rows: opts.stdout.rows || 24,
      cwd: process.cwd(),
      env: childEnv,
      encoding: null,
    });
  } catch (err) {
    await recording?.close();
    throw new WrapError('E_SPAWN', `cannot start ${opts.command}: ${(err as Error).message}`, { tryMessage: 'check that the program runs on its own' });
  }
  write(tap.start());

  const toBuffer = (d: Buffer | string): Buffer => (Buffer.isBuffer(d) ? d : Buffer.from(d, 'utf8'));
  term.onData((d: Buffer | string) => write(tap.output(toBuffer(d))));
  const onInput = (chunk: Buffer | string): void => {
    const bytes = toBuffer(chunk);
    tap.input(bytes);
    term.write(bytes);
  };
  // Piped input: its end is ^D, end of input for the tool.
  const onInputEnd = (): void => term.write('\x04');
  const onResize = (): void => term.resize(opts.stdout.columns || 80, opts.stdout.rows || 24);
  const forward = (signal: NodeJS.Signals) => (): void => term.kill(signal);
  const signals = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, forward(s)] as const);
  const raw = opts.stdin.isTTY === true && typeof opts.stdin.setRawMode === 'function';
  if (raw) opts.stdin.setRawMode(true);
  opts.stdin.on('data', onInput);
  opts.stdin.on('end', onInputEnd);
  opts.stdin.resume();
  opts.stdout.on('resize', onResize);
  for (const [s, f] of signals) process.on(s, f);

  const exit = await new Promise<{ exitCode: number; signal?: number }>((resolve) => term.onExit(resolve));

  for (const [s, f] of signals) process.off(s, f);
  opts.stdout.off('resize', onResize);
  opts.stdin.off('data', onInput);
  opts.stdin.off('end', onInputEnd);
  if (raw) opts.stdin.setRawMode(false);
  opts.stdin.pause();
  write(tap.end());
  opts.stdout.off('error', onStdoutError);
  const notices: string[] = [];
  if (!tap.protocol && opts.annotate !== false) notices.push('no SMTP, POP3 or IMAP reply was recognised in the output, so nothing was explained (try --protocol smtp|pop3|imap)');
  if (recording && !(await recording.close())) notices.push(`nothing was recorded to ${recording.file}: no protocol line was recognised`);
  return {
    exitCode: exit.signal ? 128 + exit.signal : exit.exitCode,
    ...(tap.protocol ? { protocol: tap.protocol } : {}),
    notices,
  };
}
