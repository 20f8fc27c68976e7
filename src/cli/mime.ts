import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { buildMessage, BuildError, TEXT_ENCODINGS, type TextEncodingChoice } from '../mime/tools/build.js';
import { BinHexError } from '../mime/tools/encodings/binhex.js';
import { ENCODINGS, encodedFileName, type EncodingName } from '../mime/tools/encodings/registry.js';
import { UudecodeError } from '../mime/tools/encodings/uuencode.js';
import { explainMessage } from '../mime/tools/explain-build.js';
import { formatInspect } from '../mime/tools/format-inspect.js';
import { extractPart, inspectMessage, PartNotFoundError } from '../mime/tools/inspect.js';
import { MAX_INSPECT_BYTES } from '../mime/tools/limits.js';
import { AbortError } from './errors.js';
import { collect } from './options.js';
import { writeStdout } from './stdout.js';

const EXAMPLES = `
Examples:
  $ mailproto mime inspect message.eml
  $ mailproto mime inspect message.eml --part 1.2 > part.bin
  $ mailproto mime build --from alice@sandbox.test --to bob@sandbox.test --subject Hi --text "Hello" --explain
  $ echo "Café" | mailproto mime encode --header -
  $ mailproto mime encode --uu photo.jpg | mailproto mime decode --uu - > copy.jpg`;

/** Reads FILE, or stdin for "-", refusing more than `limit` octets. */
async function readInput(path: string, limit = Number.MAX_SAFE_INTEGER): Promise<Buffer> {
  let data: Buffer;
  if (path === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length;
      if (size > limit) break;
      chunks.push(chunk as Buffer);
    }
    data = Buffer.concat(chunks);
    if (size > limit) throw tooLarge('standard input', limit);
    return data;
  }
  try {
    data = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new AbortError('E_READ', `cannot read ${path} (${code})`, { tryMessage: 'give a file that exists, or - to read standard input' });
  }
  if (data.length > limit) throw tooLarge(path, limit);
  return data;
}

function tooLarge(what: string, limit: number): AbortError {
  return new AbortError('E_TOO_LARGE', `${what} is larger than ${limit / 1024 / 1024} MiB, more than inspect reads`, { tryMessage: 'inspect a smaller message' });
}

function write(data: Buffer | string): Promise<void> {
  return writeStdout(data);
}

type InspectOptions = { readonly json?: boolean; readonly part?: string; readonly verify: boolean };

async function runInspect(file: string, opts: InspectOptions): Promise<void> {
  const raw = await readInput(file, MAX_INSPECT_BYTES);
  if (opts.part !== undefined) {
    try {
      await write(extractPart(raw, opts.part).body);
    } catch (err) {
      if (err instanceof PartNotFoundError) {
        throw new AbortError(err.code, err.message, { tryMessage: `mailproto mime inspect ${file} (the tree shows the part numbers)` });
      }
      throw err;
    }
    return;
  }
  const report = inspectMessage(raw, { verify: opts.verify });
  await write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatInspect(report));
}

type BuildCliOptions = {
  readonly from: string;
  readonly to?: string[];
  readonly cc?: string[];
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string;
  readonly attach?: string[];
  readonly charset?: string;
  readonly encoding: TextEncodingChoice;
  readonly explain?: boolean;
};

async function runBuild(opts: BuildCliOptions): Promise<void> {
  let message: Buffer;
  try {
    message = await buildMessage(opts);
  } catch (err) {
    if (err instanceof BuildError) throw new AbortError(err.code, err.message, { tryMessage: err.tryMessage });
    throw err;
  }
  await write(opts.explain ? explainMessage(message) : message);
}

type CodecOptions = Partial<Record<EncodingName, boolean>> & { readonly name?: string };

function chosenEncoding(opts: CodecOptions, verb: string): EncodingName {
  const chosen = (Object.keys(ENCODINGS) as EncodingName[]).filter((k) => opts[k]);
  if (chosen.length !== 1) {
    throw new AbortError('E_ENCODING_CHOICE', chosen.length === 0 ? 'say which encoding' : `choose one encoding, not ${chosen.length}`, {
      tryMessage: `mailproto mime ${verb} --base64 FILE (or --qp, --uu, --binhex, --header)`,
    });
  }
  return chosen[0]!;
}

async function runCodec(verb: 'encode' | 'decode', file: string, opts: CodecOptions): Promise<void> {
  const encoding = ENCODINGS[chosenEncoding(opts, verb)];
  const input = await readInput(file);
  try {
    await write(verb === 'encode' ? encoding.encode(input, { name: opts.name ?? encodedFileName(file) }) : encoding.decode(input));
  } catch (err) {
    if (err instanceof UudecodeError) throw new AbortError(err.code, `not uuencoded data: ${err.message} (line ${err.line})`, { tryMessage: 'mailproto mime encode --uu FILE shows what uuencode looks like' });
    if (err instanceof BinHexError) throw new AbortError(err.code, `not BinHex 4.0 data: ${err.message}`, { tryMessage: 'mailproto mime encode --binhex FILE shows what BinHex looks like' });
    throw err;
  }
}

function addCodec(mime: Command, verb: 'encode' | 'decode'): void {
  const cmd = mime
    .command(verb)
    .description(`${verb} with one of the encodings learners meet; round-trips byte for byte`)
    .argument('[file]', 'input file, or - for standard input', '-');
  for (const e of Object.values(ENCODINGS)) cmd.option(`--${e.name}`, `${e.title} (${e.rfc}): ${e.summary}`);
  if (verb === 'encode') cmd.option('--name <name>', 'file name written into uuencode and BinHex output (default: the input file name)');
  cmd.action((file: string, opts: CodecOptions) => runCodec(verb, file, opts));
}

/** `mailproto mime inspect|build|encode|decode`. */
export function registerMime(program: Command): void {
  const mime = program.command('mime').description('MIME tools: inspect a message, build one, encode and decode').addHelpText('after', EXAMPLES);
  mime
    .command('inspect')
    .description('the MIME tree with IMAP part numbers, headers raw and decoded, the Received chain, S/MIME, warnings')
    .argument('<file>', 'message file (.eml), or - for standard input')
    .option('--json', 'print the whole report as JSON')
    .option('--part <number>', 'write the decoded body of one part (IMAP number: 1, 1.2, 2.1.1) to stdout')
    .option('--no-verify', 'do not run openssl to check S/MIME signatures')
    .action((file: string, opts: InspectOptions) => runInspect(file, opts));
  mime
    .command('build')
    .description('build a MIME message (text, html, attachments) to stdout, ready for :send')
    .requiredOption('--from <address>', 'author, e.g. "Alice <alice@sandbox.test>"')
    .option('--to <address>', 'recipient (repeatable)', collect)
    .option('--cc <address>', 'copy recipient (repeatable)', collect)
    .option('--subject <text>', 'subject (non-ASCII becomes RFC 2047 encoded-words)')
    .option('--text <text>', 'plain-text body')
    .option('--html <html>', 'HTML body (with --text: multipart/alternative)')
    .option('--attach <file...>', 'files to attach (multipart/mixed)')
    .option('--charset <charset>', 'charset of the text parts: utf-8, us-ascii, iso-8859-1', 'utf-8')
    .addOption(new Option('--encoding <encoding>', 'transfer encoding of the text parts').choices([...TEXT_ENCODINGS]).default('auto'))
    .option('--explain', 'print the message with a note beside each header and boundary (for reading, not sending)')
    .action((opts: BuildCliOptions) => runBuild(opts));
  addCodec(mime, 'encode');
  addCodec(mime, 'decode');
}
