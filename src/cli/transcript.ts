/**
 * `mailproto transcript export FILE --to FORMAT [-o OUT]` and `mailproto transcript redact FILE
 * [-o OUT | --in-place]`: what an instructor does with a recording after `connect --record`.
 */
import { chmod, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { playbackSteps } from '../transcript/playback.js';
import { parseTranscript, readTranscript, TranscriptError } from '../transcript/reader.js';
import { redactTranscriptText } from '../transcript/redact.js';
import { EXPORT_FORMATS, EXPORTERS, type ExportFormat } from '../transcript/export/index.js';
import { AbortError } from './errors.js';

type ExportCliOptions = { readonly to: ExportFormat; readonly output?: string; readonly annotate: boolean };
type RedactCliOptions = { readonly output?: string; readonly inPlace?: boolean };

const EXPORT_EXAMPLES = `
Formats:
  markdown   course notes: the conversation in code blocks, explanations beneath each reply,
             markers as headings, notes as paragraphs
  rfc        plain "C: " / "S: " lines as RFCs print them (lines as recorded)
  asciicast  asciicast v2 for asciinema and its web player; markers become chapters
  html       one self-contained page: client and server in colours, explanations as side notes

Examples:
  $ mailproto transcript export session.jsonl --to markdown -o session.md
  $ mailproto transcript export session.jsonl --to asciicast -o session.cast && asciinema play session.cast
  $ mailproto transcript export transcripts/sandbox-smtp-starttls-auth.jsonl --to html -o smtp.html`;

const REDACT_EXAMPLES = `
Redacts what the client would have redacted live: POP3 PASS, APOP digests and AUTH responses,
IMAP LOGIN and AUTHENTICATE data (literals included), SMTP AUTH initial responses and every
SASL answer to a 334 or "+" challenge. They become <redacted> with "redacted":true.

Examples:
  $ mailproto transcript redact open.jsonl -o shareable.jsonl
  $ mailproto transcript redact session.jsonl --in-place`;

function toAbort(err: unknown): never {
  if (err instanceof TranscriptError) throw new AbortError(err.code, err.message, err.tryMessage ? { tryMessage: err.tryMessage } : {});
  throw err;
}

/** Standard output as a pipe (`... | head`): once the reader is gone, stop quietly instead of dying on EPIPE. */
function writeStdout(text: string): void {
  if (process.stdout.listenerCount('error') === 0) {
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  process.stdout.write(text);
}

async function writeOut(path: string, text: string, mode?: number): Promise<void> {
  try {
    await writeFile(path, text, mode === undefined ? {} : { mode });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new AbortError('E_OUTPUT', `cannot write ${path}: ${code}`, { tryMessage: 'a path in a directory you can write to' });
  }
}

/** Replaces `path` by `text` atomically (a file beside it, then rename), keeping its mode. */
async function replaceFile(path: string, text: string): Promise<void> {
  const { mode } = await stat(path);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeOut(temp, text, mode & 0o777);
    await chmod(temp, mode & 0o777);
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

async function runExport(file: string, opts: ExportCliOptions): Promise<void> {
  const transcript = await readTranscript(file).catch(toAbort);
  const steps = await playbackSteps(transcript, { annotate: opts.annotate });
  const text = EXPORTERS[opts.to]({ transcript, steps });
  if (opts.output) await writeOut(opts.output, text);
  else writeStdout(text);
}

async function runRedact(file: string, opts: RedactCliOptions): Promise<void> {
  if (opts.inPlace && opts.output) {
    throw new AbortError('E_USAGE', '--in-place and -o both say where the result goes', { tryMessage: 'one of them: -o OUT writes a new file, --in-place replaces FILE' });
  }
  const transcript = await readTranscript(file).catch(toAbort);
  // The reader has checked every line; redaction rewrites the text so that other lines stay byte for byte.
  const original = await readFile(file, 'utf8');
  const result = redactTranscriptText(original);
  // A guard, not a check of the input: what is written must still read (a failure here is a bug).
  parseTranscript(result.text, file);
  const checked = transcript.events.filter((e) => e.type === 'send').length;
  const summary =
    result.redacted === 0
      ? `nothing to redact in ${file}: no credentials in its ${checked} client line${checked === 1 ? '' : 's'}`
      : `redacted ${result.redacted} line${result.redacted === 1 ? '' : 's'} of ${file} (line${result.redacted === 1 ? '' : 's'} ${result.lines.join(', ')})`;
  if (opts.inPlace) {
    if (result.redacted > 0) await replaceFile(file, result.text);
    process.stdout.write(`${summary}${result.redacted > 0 ? ', in place' : ''}\n`);
    return;
  }
  if (opts.output) {
    // Like the recorder: a transcript may hold mail, so it is readable by its owner only.
    await writeOut(opts.output, result.text, 0o600);
    process.stdout.write(`${summary} -> ${opts.output}\n`);
    return;
  }
  // The transcript goes to stdout, so that it can be piped; the summary to stderr.
  writeStdout(result.text);
  process.stderr.write(`${summary}\n`);
}

/** `mailproto transcript export|redact`. */
export function registerTranscript(program: Command): void {
  const transcript = program.command('transcript').description('export a recorded transcript (markdown, rfc, asciicast, html) or redact its secrets');
  transcript
    .command('export')
    .description('export a transcript as course notes (markdown), RFC-style text, an asciicast or an HTML page')
    .argument('<file>', 'a transcript written by connect --record (JSON Lines)')
    .addOption(new Option('--to <format>', 'the format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--no-annotate', 'leave out the explanations (markdown, asciicast, html)')
    .addHelpText('after', EXPORT_EXAMPLES)
    .action((file: string, opts: ExportCliOptions) => runExport(file, opts));
  transcript
    .command('redact')
    .description('remove the credentials from a transcript recorded with --show-secrets')
    .argument('<file>', 'a transcript written by connect --record --show-secrets')
    .option('-o, --output <file>', 'write the redacted transcript to this file (default: standard output)')
    .option('--in-place', 'replace FILE with the redacted transcript')
    .addHelpText('after', REDACT_EXAMPLES)
    .action((file: string, opts: RedactCliOptions) => runRedact(file, opts));
}
