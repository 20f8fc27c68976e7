import { Command, CommanderError } from 'commander';
import { AbortError, formatAbort } from './errors.js';
import { packageVersion } from './version.js';
import { registerSandbox } from './sandbox.js';
import { registerExplain } from './explain.js';

/** Builds the commander program. Each command lives in its own file and registers itself. */
export function buildProgram(): Command {
  const program = new Command('mailproto')
    .description('Learn SMTP, POP3, IMAP and MIME by speaking them: a sandbox mail server and an annotated client.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerSandbox(program);
  registerExplain(program);
  return program;
}

/** Entry point used by bin/mailproto. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof AbortError) {
      process.stderr.write(formatAbort(err) + '\n');
      process.exitCode = err.exitCode;
      return;
    }
    throw err;
  }
}
