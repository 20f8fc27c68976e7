import { Command, CommanderError } from 'commander';
import { AbortError, formatAbort } from './errors.js';
import { dropOutputWhenReaderGoes } from './stdout.js';
import { packageVersion } from './version.js';

type Register = (program: Command) => void;

/**
 * Each command lives in its own file and registers itself. They are imported only when needed:
 * `mailproto explain 550` loads the explain command and not the TUI, the servers or the lessons
 * (a script may call it in a loop). Help and unknown commands load them all.
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<Register>]> = [
  ['sandbox', async () => (await import('./sandbox.js')).registerSandbox],
  ['explain', async () => (await import('./explain.js')).registerExplain],
  ['mime', async () => (await import('./mime.js')).registerMime],
  ['connect', async () => (await import('./connect.js')).registerConnect],
  ['learn', async () => (await import('./learn.js')).registerLearn],
  ['lessons', async () => (await import('./lessons.js')).registerLessons],
  ['wrap', async () => (await import('./wrap.js')).registerWrap],
  ['replay', async () => (await import('./replay.js')).registerReplay],
  ['transcript', async () => (await import('./transcript.js')).registerTranscript],
];

/** The commander program with the commands `only` names, or all of them. */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('mailproto')
    .description('Learn SMTP, POP3, IMAP and MIME by speaking them: a sandbox mail server and an annotated client.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    // Options belong to the command they follow, so `sandbox users add --data DIR` is the subcommand's --data.
    .enablePositionalOptions();
  const wanted = COMMANDS.filter(([name]) => only === undefined || name === only);
  const registers = await Promise.all((wanted.length > 0 ? wanted : COMMANDS).map(([, load]) => load()));
  for (const register of registers) register(program);
  return program;
}

/** Entry point used by bin/mailproto. */
export async function main(argv: readonly string[]): Promise<void> {
  dropOutputWhenReaderGoes();
  // design.md: `mailproto` alone is `mailproto learn` on a terminal, and help otherwise.
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (argv.length <= 2 && !interactive) {
    (await buildProgram()).outputHelp();
    return;
  }
  const first = argv.length <= 2 ? 'learn' : argv[2]!;
  const program = await buildProgram(first.startsWith('-') ? undefined : first);
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
