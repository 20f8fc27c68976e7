import { Command, CommanderError } from 'commander';
import { AbortError, formatAbort } from './errors.js';
import { packageVersion } from './version.js';
import { registerSandbox } from './sandbox.js';
import { registerExplain } from './explain.js';
import { registerMime } from './mime.js';
import { registerConnect } from './connect.js';
import { registerLearn } from './learn.js';
import { registerLessons } from './lessons.js';
import { registerWrap } from './wrap.js';
import { registerReplay } from './replay.js';
import { registerTranscript } from './transcript.js';

/** Builds the commander program. Each command lives in its own file and registers itself. */
export function buildProgram(): Command {
  const program = new Command('mailproto')
    .description('Learn SMTP, POP3, IMAP and MIME by speaking them: a sandbox mail server and an annotated client.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    // Options belong to the command they follow, so `sandbox users add --data DIR` is the subcommand's --data.
    .enablePositionalOptions();
  registerSandbox(program);
  registerExplain(program);
  registerMime(program);
  registerConnect(program);
  registerLearn(program);
  registerLessons(program);
  registerWrap(program);
  registerReplay(program);
  registerTranscript(program);
  return program;
}

/** Entry point used by bin/mailproto. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  // design.md: `mailproto` alone is `mailproto learn` on a terminal, and help otherwise.
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (argv.length <= 2 && !interactive) {
    program.outputHelp();
    return;
  }
  try {
    await program.parseAsync(argv.length <= 2 ? [...argv, 'learn'] : [...argv]);
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
