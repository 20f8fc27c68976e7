/**
 * The seed corpus: realistic sessions per protocol, one file each in test/fuzz/seeds/PROTOCOL/,
 * plus the client lines (`send` events) of any recorded transcripts in transcripts/*.jsonl.
 *
 * Seed files hold one command per line; the loader adds CRLF. Two notations keep byte counts right:
 * - a line containing `{@}` or `{@+}` (an IMAP literal) or `BDAT {@}` starts a payload that runs
 *   to a line beginning with `@@`; `{@}` becomes the payload's size in octets (lines joined with
 *   CRLF, CRLF after the last). After the payload comes the rest of the `@@` line and CRLF, or
 *   nothing at all for `@@!` (BDAT chunks are not followed by CRLF).
 * - `<<CR>>`, `<<LF>>` and `<<NUL>>` stand for single bare octets.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type FuzzProtocol = 'smtp' | 'pop3' | 'imap';
/** One unit of a session: a command line with its CRLF, or a command with its literal payload. */
export type Session = { readonly name: string; readonly units: readonly Buffer[] };

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '../..');

function octets(text: string): Buffer {
  return Buffer.from(text.replace(/<<CR>>/g, '\r').replace(/<<LF>>/g, '\n').replace(/<<NUL>>/g, '\0'), 'utf8');
}

/** Parses the text of one seed file into units. */
export function parseSeed(name: string, text: string): Session {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const units: Buffer[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!/\{@\+?\}/.test(line)) {
      units.push(Buffer.concat([octets(line), Buffer.from('\r\n')]));
      continue;
    }
    const payload: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('@@'); i++) payload.push(lines[i]!);
    if (i >= lines.length) throw new Error(`${name}: payload after "${line}" has no @@ line`);
    const data = Buffer.concat(payload.map((l) => Buffer.concat([octets(l), Buffer.from('\r\n')])));
    const rest = lines[i]!.slice(2);
    const head = octets(line.replace(/\{@(\+?)\}/, (_m, plus: string) => (line.startsWith('BDAT') ? String(data.length) : `{${data.length}${plus}}`)));
    const tail = rest === '!' ? Buffer.alloc(0) : Buffer.concat([octets(rest), Buffer.from('\r\n')]);
    units.push(Buffer.concat([head, Buffer.from('\r\n'), data, tail]));
  }
  return { name, units };
}

/** Client lines of recorded transcripts for the protocol (design.md "Transcript format"). */
async function transcriptSessions(protocol: FuzzProtocol): Promise<Session[]> {
  const dir = join(ROOT, 'transcripts');
  if (!existsSync(dir)) return [];
  const out: Session[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort()) {
    const events = (await readFile(join(dir, file), 'utf8'))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as { type?: string; protocol?: string; text?: string; redacted?: boolean }];
        } catch {
          return [];
        }
      });
    if (events[0]?.type !== 'header' || events[0].protocol !== protocol) continue;
    const sends = events.filter((e) => e.type === 'send' && typeof e.text === 'string' && !e.redacted).map((e) => e.text!);
    if (sends.length > 0) out.push({ name: `transcripts/${file}`, units: sends.map((t) => Buffer.from(`${t}\r\n`, 'utf8')) });
  }
  return out;
}

/** Every seed session for the protocol: the seed files, then the transcripts. */
export async function loadCorpus(protocol: FuzzProtocol): Promise<Session[]> {
  const dir = join(HERE, 'seeds', protocol);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort();
  const seeds = await Promise.all(files.map(async (f) => parseSeed(`seeds/${protocol}/${f}`, await readFile(join(dir, f), 'utf8'))));
  return [...seeds, ...(await transcriptSessions(protocol))];
}

/** The test messages every fuzzed mailbox starts with (the MIME fixtures: odd structures for FETCH). */
export async function fixtureMessages(): Promise<Buffer[]> {
  const dir = join(ROOT, 'test/fixtures/mime');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(files.map((f) => readFile(join(dir, f))));
}
