/**
 * The client fuzzer's seed corpus: server byte streams, one reply per client line. Two sources:
 * - seed files in test/fuzz/seeds/server-PROTOCOL/*.txt: `S: ` lines are what the server says,
 *   `C: ` lines what the client types (the S lines before the first C are the greeting; the S
 *   lines after a C answer it; a C without S lines, such as DATA content, gets no answer). A line
 *   ending in `{@}` starts a literal whose raw lines run to a line beginning with `@@`; `{@}`
 *   becomes the literal's size in octets (lines joined with CRLF), and the rest of the `@@` line
 *   follows the literal. `<<CR>>`, `<<LF>>`, `<<NUL>>` and `<<ESC>>` stand for single octets.
 * - the recorded transcripts in transcripts/*.jsonl (protocol from the header): `recv` lines with
 *   their recorded line ends, grouped under the `send` line they followed.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FuzzProtocol } from './corpus.js';

/** One recorded or written session: `replies[0]` is the greeting, `replies[k]` answers `commands[k - 1]`. */
export type ServerSession = { readonly name: string; readonly commands: readonly string[]; readonly replies: readonly Buffer[] };

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '../..');
const CRLF = Buffer.from('\r\n');

function octets(text: string): Buffer {
  return Buffer.from(text.replace(/<<CR>>/g, '\r').replace(/<<LF>>/g, '\n').replace(/<<NUL>>/g, '\0').replace(/<<ESC>>/g, '\x1b'), 'utf8');
}

/** Parses one server seed file. */
export function parseServerSeed(name: string, text: string): ServerSession {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const commands: string[] = [];
  const replies: Buffer[][] = [[]];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('C:')) {
      commands.push(line.slice(2).replace(/^ /, ''));
      replies.push([]);
      continue;
    }
    if (!line.startsWith('S: ')) throw new Error(`${name}:${i + 1}: a line must start with "S: " or "C: "`);
    const said = line.slice(3);
    const reply = replies.at(-1)!;
    if (!said.endsWith('{@}')) {
      reply.push(octets(said), CRLF);
      continue;
    }
    const payload: Buffer[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('@@'); i++) payload.push(octets(lines[i]!), CRLF);
    if (i >= lines.length) throw new Error(`${name}: the literal after "${said}" has no @@ line`);
    const data = Buffer.concat(payload);
    reply.push(octets(`${said.slice(0, -3)}{${data.length}}`), CRLF, data, octets(lines[i]!.slice(2)), CRLF);
  }
  return { name, commands, replies: replies.map((r) => Buffer.concat(r)) };
}

type Event = { type?: string; protocol?: string; text?: string; eol?: string };

/** The server side of recorded transcripts for the protocol. */
async function transcriptSessions(protocol: FuzzProtocol): Promise<ServerSession[]> {
  const dir = join(ROOT, 'transcripts');
  if (!existsSync(dir)) return [];
  const out: ServerSession[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort()) {
    // Another process may be writing a recording right now: skip what does not parse.
    const events = (await readFile(join(dir, file), 'utf8')).split('\n').flatMap((l): Event[] => {
      try {
        return l.trim() === '' ? [] : [JSON.parse(l) as Event];
      } catch {
        return [];
      }
    });
    if (events[0]?.type !== 'header' || events[0].protocol !== protocol) continue;
    const commands: string[] = [];
    const replies: Buffer[][] = [[]];
    for (const e of events) {
      if (typeof e.text !== 'string') continue;
      if (e.type === 'send') {
        commands.push(e.text);
        replies.push([]);
      } else if (e.type === 'recv') replies.at(-1)!.push(Buffer.from(e.text + (e.eol ?? '\r\n'), 'utf8'));
    }
    if (replies[0]!.length > 0) out.push({ name: `transcripts/${file}`, commands, replies: replies.map((r) => Buffer.concat(r)) });
  }
  return out;
}

/** Every server seed session for the protocol: the seed files, then the transcripts. */
export async function loadServerCorpus(protocol: FuzzProtocol): Promise<ServerSession[]> {
  const dir = join(HERE, 'seeds', `server-${protocol}`);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort();
  const seeds = await Promise.all(files.map(async (f) => parseServerSeed(`seeds/server-${protocol}/${f}`, await readFile(join(dir, f), 'utf8'))));
  return [...seeds, ...(await transcriptSessions(protocol))];
}
