/** `mailproto wrap [options] -- CMD ARGS...`: a real tool in a pseudo-terminal, its protocol explained. */
import { InvalidArgumentError, type Command } from 'commander';
import type { ClientProtocol } from '../client/events.js';
import { WrapError } from '../client/wrap/wrap-error.js';
import { AbortError } from './errors.js';

type WrapCliOptions = {
  readonly record?: string;
  readonly showSecrets?: boolean;
  readonly annotate: boolean;
  readonly protocol?: ClientProtocol;
};

const EXAMPLES = `
The tool runs in a pseudo-terminal: type into it as usual. mailproto finds the protocol from the
first server line (220 SMTP, +OK POP3, * OK IMAP) or from -starttls, and writes "#  "
explanations after the server lines it recognises (dimmed on a terminal). The tool's own output
is passed through unchanged. Exit status: the tool's; 127 when it is not installed.

Examples:
  $ mailproto wrap -- nc -C 127.0.0.1 2525
  $ mailproto wrap -- openssl s_client -quiet -crlf -starttls smtp -connect 127.0.0.1:2587
  $ mailproto wrap --record pop3.jsonl -- openssl s_client -quiet -crlf -connect 127.0.0.1:2995
  $ mailproto wrap -- telnet 127.0.0.1 2143`;

function parseProtocol(value: string): ClientProtocol {
  if (value === 'smtp' || value === 'pop3' || value === 'imap') return value;
  throw new InvalidArgumentError('expected smtp, pop3 or imap');
}

/** `mailproto wrap`. */
export function registerWrap(program: Command): void {
  program
    .command('wrap')
    .description('run a real tool (openssl s_client, nc, telnet) in a pseudo-terminal and explain the protocol passing through it')
    .argument('<command...>', 'the tool and its arguments, after --')
    .option('--record <file>', 'write the protocol lines as a transcript (JSON Lines); credentials are redacted')
    .option('--show-secrets', 'do not redact credentials in the transcript')
    .option('--no-annotate', 'no explanations (only pass through and record)')
    .option('--protocol <name>', 'smtp, pop3 or imap, instead of recognising it', parseProtocol)
    .passThroughOptions()
    .addHelpText('after', EXAMPLES)
    .action(async (argv: string[], opts: WrapCliOptions) => {
      const [command, ...args] = argv;
      if (!command) throw new AbortError('E_USAGE', 'no command to run', { tryMessage: 'mailproto wrap -- nc -C 127.0.0.1 2525' });
      // Loaded here: node-pty is a native module that only wrap needs.
      const { runWrap } = await import('../client/wrap/run-wrap.js');
      let result;
      try {
        result = await runWrap({
          command,
          args,
          ...(opts.record ? { record: opts.record } : {}),
          showSecrets: opts.showSecrets ?? false,
          annotate: opts.annotate,
          ...(opts.protocol ? { protocol: opts.protocol } : {}),
          stdin: process.stdin,
          stdout: process.stdout,
        });
      } catch (err) {
        if (err instanceof WrapError) throw new AbortError(err.code, err.message, { exitCode: err.exitCode, ...(err.tryMessage ? { tryMessage: err.tryMessage } : {}) });
        throw err;
      }
      for (const notice of result.notices) process.stderr.write(`mailproto: ${notice}\n`);
      process.exitCode = result.exitCode;
      // Nothing else keeps the process alive once the tool is gone; stdin is paused.
      process.stdin.destroy();
    });
}
