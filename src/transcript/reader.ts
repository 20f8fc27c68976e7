/**
 * Reads a transcript file (design.md "Transcript format"): the header line, then one event per
 * line. Every line is checked against the format with zod, and every problem is reported as
 * `file:line: what is wrong`, so that a hand-edited or damaged recording is easy to fix.
 *
 * Decisions where the format is silent:
 * - blank lines are skipped (an editor may leave one at the end; it costs nothing to allow);
 * - a last line without a newline is accepted when it parses (a recorder killed right after a
 *   write); a half-written last line is an error naming that line, like any other bad JSON;
 * - unknown fields are ignored (a newer minor addition must not break older readers), unknown
 *   event types are not (we could not play them back faithfully);
 * - `t` may stay the same from one event to the next, never go backwards.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { TRANSCRIPT_VERSION, type TranscriptEvent, type TranscriptHeader } from './format.js';

export type Transcript = {
  readonly header: TranscriptHeader;
  readonly events: readonly TranscriptEvent[];
  /** The file line (1-based) of each event, same order as `events`. */
  readonly lines: readonly number[];
  /** The name used in messages (the path, or `<transcript>`). */
  readonly file: string;
};

/** A transcript that cannot be read; `line` is 1-based (0 when the file itself cannot be read). */
export class TranscriptError extends Error {
  readonly code: 'E_TRANSCRIPT' | 'E_TRANSCRIPT_VERSION' | 'E_TRANSCRIPT_FILE';
  readonly file: string;
  readonly line: number;
  /** What the user can try next. */
  readonly tryMessage: string | undefined;

  constructor(
    code: TranscriptError['code'],
    file: string,
    line: number,
    message: string,
    tryMessage?: string,
    /** The message is about the whole file (`FILE was written by ...`), not one line of it. */
    wholeFile = false,
  ) {
    super(wholeFile ? `${file} ${message}` : line > 0 ? `${file}:${line}: ${message}` : `${file}: ${message}`);
    this.name = 'TranscriptError';
    this.code = code;
    this.file = file;
    this.line = line;
    this.tryMessage = tryMessage;
  }
}

const t = z.number().finite().nonnegative();
const text = z.string();

const headerSchema = z.object({
  type: z.literal('header'),
  version: z.number().int().positive(),
  protocol: z.enum(['smtp', 'pop3', 'imap']),
  target: z.string(),
  started: z.string(),
  title: z.string(),
});

const eventSchemas = {
  send: z.object({ type: z.literal('send'), t, text, redacted: z.literal(true).optional() }),
  recv: z.object({ type: z.literal('recv'), t, text }),
  tls: z.object({
    type: z.literal('tls'),
    t,
    version: z.string(),
    cipher: z.string(),
    subject: z.string(),
    issuer: z.string().optional(),
    validFrom: z.string().optional(),
    validTo: z.string().optional(),
    fingerprint256: z.string(),
    authorized: z.boolean().optional(),
    verifyError: z.string().optional(),
  }),
  note: z.object({ type: z.literal('note'), t, text }),
  marker: z.object({ type: z.literal('marker'), t, label: z.string() }),
  close: z.object({ type: z.literal('close'), t }),
} as const;

type EventType = keyof typeof eventSchemas;
const EVENT_TYPES = Object.keys(eventSchemas) as EventType[];

function isEventType(name: unknown): name is EventType {
  return typeof name === 'string' && Object.hasOwn(eventSchemas, name);
}

/** The first zod issue in plain words: `missing field "text"`, `"t" must be a number`. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.');
  if (issue.code === 'invalid_type' && /received undefined/i.test(issue.message)) return `missing field "${field}"`;
  if (issue.code === 'invalid_type') return `field "${field}": expected ${String((issue as { expected?: unknown }).expected)}`;
  return field ? `field "${field}": ${issue.message}` : issue.message;
}

/** One line as JSON, or an error that says where the JSON broke. */
function parseJson(raw: string, file: string, line: number, last: boolean): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    const why = (err as Error).message.replace(/^JSON\.parse: /, '');
    const half = last ? ' (the last line looks cut off: was the recording interrupted?)' : '';
    throw new TranscriptError('E_TRANSCRIPT', file, line, `not valid JSON${half}: ${why}`, 'fix or delete that line; each line is one JSON object');
  }
}

/**
 * Parses transcript text. @throws TranscriptError naming `file:line` and what is wrong; a header
 * with a newer `version` is refused with advice to upgrade.
 */
export function parseTranscript(input: string, file = '<transcript>'): Transcript {
  const rows = input.split('\n');
  // A final newline leaves one empty string behind; a missing one leaves the last line intact.
  const lastIndex = rows.length - 1 - (rows.at(-1) === '' ? 1 : 0);
  let header: TranscriptHeader | undefined;
  const events: TranscriptEvent[] = [];
  const lines: number[] = [];
  let lastT = 0;
  let lastTLine = 0;
  for (let i = 0; i <= lastIndex; i++) {
    const raw = rows[i]!.replace(/\r$/, '');
    const line = i + 1;
    if (raw.trim() === '') continue;
    const value = parseJson(raw, file, line, i === lastIndex && !input.endsWith('\n'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TranscriptError('E_TRANSCRIPT', file, line, 'expected a JSON object with a "type" field');
    }
    const type = (value as { type?: unknown }).type;
    if (!header) {
      if (type !== 'header') {
        throw new TranscriptError('E_TRANSCRIPT', file, line, `the first line must be the header ({"type":"header","version":${TRANSCRIPT_VERSION},...}), found ${type === undefined ? 'no "type"' : `type ${JSON.stringify(type)}`}`, 'is this a mailproto transcript (connect --record FILE)?');
      }
      const version = (value as { version?: unknown }).version;
      if (typeof version === 'number' && version > TRANSCRIPT_VERSION) {
        throw new TranscriptError(
          'E_TRANSCRIPT_VERSION',
          file,
          line,
          `was written by a newer mailproto (transcript format ${version}; this version reads ${TRANSCRIPT_VERSION})`,
          'npm install -g mailproto@latest',
          true,
        );
      }
      const parsed = headerSchema.safeParse(value);
      if (!parsed.success) throw new TranscriptError('E_TRANSCRIPT', file, line, `bad header: ${describeIssue(parsed.error)}`);
      header = { ...parsed.data, version: TRANSCRIPT_VERSION };
      continue;
    }
    if (type === 'header') throw new TranscriptError('E_TRANSCRIPT', file, line, 'a second header: a transcript has one, on its first line', 'split the file where the second recording starts');
    if (!isEventType(type)) {
      const what = type === undefined ? 'no "type" field' : `unknown event type ${JSON.stringify(type)}`;
      throw new TranscriptError('E_TRANSCRIPT', file, line, `${what}; known: ${EVENT_TYPES.join(', ')}`);
    }
    const parsed = eventSchemas[type].safeParse(value);
    if (!parsed.success) throw new TranscriptError('E_TRANSCRIPT', file, line, `bad "${type}" event: ${describeIssue(parsed.error)}`);
    const event = stripUndefined(parsed.data) as TranscriptEvent;
    if (event.t < lastT) {
      throw new TranscriptError('E_TRANSCRIPT', file, line, `"t" goes backwards: ${event.t} ms after ${lastT} ms on line ${lastTLine}`, 'events must be in the order they happened');
    }
    lastT = event.t;
    lastTLine = line;
    events.push(event);
    lines.push(line);
  }
  if (!header) throw new TranscriptError('E_TRANSCRIPT', file, 0, 'empty: no header line', 'record one with: mailproto connect sandbox:smtp --record FILE');
  return { header, events, lines, file };
}

/** zod keeps optional keys out when absent already; this keeps the type exactOptionalPropertyTypes-clean. */
function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Reads and parses a transcript file. @throws TranscriptError (line 0 when the file cannot be read). */
export async function readTranscript(path: string): Promise<Transcript> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new TranscriptError('E_TRANSCRIPT_FILE', path, 0, `cannot read the transcript: ${why}`, 'the path of a .jsonl file written by mailproto connect --record');
  }
  return parseTranscript(content, path);
}
