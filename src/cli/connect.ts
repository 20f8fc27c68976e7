import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ClientError } from '../client/errors.js';
import { DEFAULT_TIMEOUT_SECONDS } from '../client/limits.js';
import { runLineMode } from '../client/line-mode.js';
import { parseTarget, TARGET_EXAMPLES, type Target } from '../client/target.js';
import { AbortError } from './errors.js';
import { parsePositiveInt } from './options.js';

type ConnectCliOptions = {
  readonly starttls?: boolean;
  readonly insecure?: boolean;
  readonly ca?: string;
  readonly record?: string;
  readonly title?: string;
  readonly json?: boolean;
  readonly annotate: boolean;
  readonly showSecrets?: boolean;
  readonly timeout: number;
};

const EXAMPLES = `
Targets: smtp:// (25), submission:// (587), smtps:// (465), pop3:// (110), pop3s:// (995),
imap:// (143), imaps:// (993), with an optional user (imap://alice@host) and port;
sandbox:smtp, sandbox:pop3, sandbox:imap start a sandbox in this process.

Line mode (stdin is not a terminal): one command per input line; output is
"S: " server line, "C: " client line, "#  " explanation.
Exit status: 0 ended normally, 1 bad usage, 2 could not connect, 3 TLS failure,
4 the server closed the connection (or stopped answering).

Examples:
  $ printf 'EHLO me\\nQUIT\\n' | mailproto connect smtp://127.0.0.1:2525
  $ printf 'LOGIN alice password\\nSELECT INBOX\\n' | mailproto connect imap://127.0.0.1:2143 --starttls --insecure
  $ mailproto connect sandbox:smtp --record session.jsonl < script.txt
  $ mailproto connect sandbox:pop3 --record pop3.jsonl --title 'POP3: read and delete' < script.txt
    (in the script, ":note TEXT" and ":marker LABEL" add instructor notes and chapters)`;

function toAbort(err: ClientError): AbortError {
  return new AbortError(err.code, err.message, { exitCode: err.exitCode, ...(err.tryMessage ? { tryMessage: err.tryMessage } : {}) });
}

/** `--ca FILE`: the PEM text, or a one-line error (also used by replay --against). */
export async function readCa(file: string): Promise<string> {
  try {
    const pem = await readFile(file, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new AbortError('E_BAD_CA', `--ca ${file} holds no PEM certificate`, { tryMessage: 'a file with -----BEGIN CERTIFICATE----- blocks' });
    return pem;
  } catch (err) {
    if (err instanceof AbortError) throw err;
    throw new AbortError('E_BAD_CA', `cannot read --ca ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { tryMessage: 'the path of a PEM certificate file' });
  }
}

/**
 * On a terminal: the TUI. Ink and React are loaded here, with a dynamic import, so that line mode,
 * `explain` and `--version` start without them.
 */
async function runTui(target: Target, opts: ConnectCliOptions, ca: string | undefined): Promise<void> {
  // React's production build: faster to load and to render (set before React is first imported).
  process.env.NODE_ENV ??= 'production';
  const { runConnectTui } = await import('../tui/connect-tui.js');
  let result;
  try {
    result = await runConnectTui({
      target,
      starttls: opts.starttls ?? false,
      insecure: opts.insecure ?? false,
      ...(ca ? { ca } : {}),
      timeoutSeconds: opts.timeout,
      showSecrets: opts.showSecrets ?? false,
      annotate: opts.annotate,
      ...(opts.record ? { record: opts.record } : {}),
      ...(opts.title !== undefined ? { title: opts.title } : {}),
    });
  } catch (err) {
    if (err instanceof ClientError) throw toAbort(err);
    throw err;
  }
  for (const line of result.summary) process.stdout.write(`${line}\n`);
  if (result.error) throw toAbort(result.error);
}

/** `mailproto connect TARGET [options]`. */
export function registerConnect(program: Command): void {
  program
    .command('connect')
    .description('speak SMTP, POP3 or IMAP to a server (or the sandbox), every reply explained')
    .argument('<target>', `where to connect, e.g. ${TARGET_EXAMPLES}`)
    .option('--starttls', 'upgrade to TLS right after the greeting (SMTP: after an automatic EHLO); stop if the server cannot')
    .option('--insecure', 'go on when the certificate does not verify')
    .option('--ca <file>', 'trust the certificates in this PEM file instead of the system CAs')
    .option('--record <file>', 'write a transcript (JSON Lines); credentials are redacted')
    .option('--title <text>', 'the title in the header of the transcript (--record, :record)')
    .option('--json', 'line mode prints JSON Lines events')
    .option('--no-annotate', 'no explanations (# lines)')
    .option('--show-secrets', 'do not redact credentials in output and transcripts')
    .option('--timeout <seconds>', 'seconds to connect and to wait for each response', parsePositiveInt, DEFAULT_TIMEOUT_SECONDS)
    .addHelpText('after', EXAMPLES)
    .action(async (targetText: string, opts: ConnectCliOptions) => {
      let target;
      try {
        target = parseTarget(targetText);
      } catch (err) {
        if (err instanceof ClientError) throw toAbort(err);
        throw err;
      }
      const ca = opts.ca ? await readCa(opts.ca) : undefined;
      if (process.stdin.isTTY && process.stdout.isTTY && !opts.json) {
        await runTui(target, opts, ca);
        return;
      }
      // `mailproto connect ... | head`: once the reader is gone, stop writing instead of dying on EPIPE.
      let stdoutGone = false;
      process.stdout.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE') throw err;
        stdoutGone = true;
      });
      let result;
      try {
        result = await runLineMode({
          target,
          starttls: opts.starttls ?? false,
          insecure: opts.insecure ?? false,
          ...(ca ? { ca } : {}),
          timeoutSeconds: opts.timeout,
          showSecrets: opts.showSecrets ?? false,
          annotate: opts.annotate,
          json: opts.json ?? false,
          ...(opts.record ? { record: opts.record } : {}),
          ...(opts.title !== undefined ? { title: opts.title } : {}),
          input: process.stdin,
          output: (line) => {
            if (!stdoutGone) process.stdout.write(`${line}\n`);
          },
        });
      } catch (err) {
        if (err instanceof ClientError) throw toAbort(err);
        throw err;
      } finally {
        // Stop reading stdin so that the process can end even when the input is still open.
        process.stdin.destroy();
      }
      if (result.error) throw toAbort(result.error);
    });
}
