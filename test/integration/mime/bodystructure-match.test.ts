/**
 * `mime inspect --json` against the IMAP BODYSTRUCTURE the sandbox serves for
 * the same message: every corpus message is delivered to bob's INBOX, Python's
 * imaplib fetches BODYSTRUCTURE, and the part numbers, media types, transfer
 * encodings and sizes must be the same as inspect's tree (its imapType).
 */

import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../../helpers/cli-process.js';
import { imaplib } from '../../helpers/imaplib.js';
import { requireTool } from '../../helpers/require-tool.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { FULL_CORPUS, MIME_FIXTURES } from '../../unit/mime/tools/fixtures.js';

type JsonPart = { part: string; kind: string; imapType: string; encoding: string; size: { body: number }; message: boolean; children: JsonPart[] };

/**
 * "number type" for each node of inspect's tree, depth first, and for a part that is not multipart
 * its transfer encoding and size; an empty multipart gets IMAP's empty text/plain part.
 */
function outline(p: JsonPart): string[] {
  const lines = [`${p.part || '-'} ${p.imapType}${p.kind === 'multipart' ? '' : ` ${p.encoding} ${p.size.body}`}`];
  if (p.kind === 'multipart' && p.children.length === 0) lines.push(`${p.part ? `${p.part}.` : ''}1 text/plain 7bit 0`);
  return [...lines, ...p.children.flatMap(outline)];
}

const WALK = String.raw`
import re
def parse(data, i):
    # one IMAP value at data[i:]: list, string (quoted or literal), atom or NIL
    while data[i:i+1] in (b' ', b'\r', b'\n'): i += 1
    c = data[i:i+1]
    if c == b'(':
        lst, i = [], i + 1
        while True:
            while data[i:i+1] in (b' ', b'\r', b'\n'): i += 1
            if data[i:i+1] == b')': return lst, i + 1
            v, i = parse(data, i); lst.append(v)
    if c == b'"':
        j = i + 1
        while data[j:j+1] != b'"': j += 2 if data[j:j+1] == b'\\' else 1
        return data[i+1:j].decode('latin1'), j + 1
    if c == b'{':
        j = data.index(b'}', i); n = int(data[i+1:j]); k = data.index(b'\n', j) + 1
        return data[k:k+n].decode('latin1'), k + n
    m = re.compile(rb'[^ ()\r\n]+').match(data, i)
    v = m.group().decode('latin1')
    return (None if v == 'NIL' else v), m.end()
def walk(b, num, out):
    if isinstance(b[0], list):
        i = 0
        while isinstance(b[i], list): i += 1
        out.append('%s multipart/%s' % (num or '-', b[i].lower()))
        for n, c in enumerate(b[:i], 1): walk(c, (num + '.' if num else '') + str(n), out)
        return
    t = ('%s/%s' % (b[0], b[1])).lower()
    out.append('%s %s %s %s' % (num or '-', t, (b[5] or '').lower(), b[6]))
    if t == 'message/rfc822':
        # RFC 3501 6.4.5: the body of a top-level (non-multipart) message is part 1
        inner, body = b[8], num or '1'
        if isinstance(inner[0], list): walk(inner, body, out)
        else: out.append('%s.1 %s/%s %s %s' % (body, inner[0].lower(), inner[1].lower(), (inner[5] or '').lower(), inner[6]))
rec('login', M.login('bob', 'password'))
M.select('INBOX', readonly=True)
typ, data = M.uid('FETCH', '1:*', '(UID BODYSTRUCTURE)')
wire = b''
for item in data:
    wire += (item[0] + b'\r\n' + item[1]) if isinstance(item, tuple) else item
    wire += b'\r\n'
result = {}
for m in re.finditer(rb'\d+ \(UID (\d+) BODYSTRUCTURE ', wire):
    tree, _ = parse(wire, m.end())
    out = []
    walk(tree, '', out)
    result[m.group(1).decode()] = out
rec('outlines', result)
`;

describe('inspect --json tree = the sandbox\'s IMAP BODYSTRUCTURE', () => {
  let sandbox: TestSandbox;
  const uids = new Map<string, number>();
  let outlines: Record<string, string[]> = {};

  beforeAll(async () => {
    requireTool('python3');
    ensureBuilt();
    sandbox = await startTestSandbox();
    for (const { name, raw } of FULL_CORPUS) {
      const delivered = await sandbox.store.deliver('bob', 'INBOX', raw);
      uids.set(name, delivered.uid);
    }
    const r = await imaplib({ port: sandbox.ports.imap, mode: 'plain', dataDir: sandbox.dataDir }, WALK);
    expect(r.error).toBeUndefined();
    outlines = r.outlines as Record<string, string[]>;
  }, 120_000);

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('fetched a BODYSTRUCTURE for every corpus message', () => {
    expect(Object.keys(outlines)).toHaveLength(FULL_CORPUS.length);
  });

  it.each(FULL_CORPUS)('$name: part numbers and types are the same', ({ name }) => {
    const json = execFileSync(process.execPath, ['bin/mailproto', 'mime', 'inspect', '--json', '--no-verify', `${MIME_FIXTURES}/${name}`], {
      cwd: ROOT,
      maxBuffer: 256 * 1024 * 1024,
    }).toString();
    const ours = outline(JSON.parse(json).tree as JsonPart);
    expect(ours).toEqual(outlines[String(uids.get(name))]);
  });
});
