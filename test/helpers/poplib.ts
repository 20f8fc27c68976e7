/**
 * Python's poplib driving the POP3 sandbox: one script, told what to do by a JSON argument, that
 * prints what it saw as JSON (bytes as latin1 text, so octets round-trip exactly).
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { python } from './tools.js';

export type PoplibMode = 'plain' | 'stls' | 'pop3s';

export type PoplibSteps = {
  readonly port: number;
  readonly mode: PoplibMode;
  /** The sandbox data dir: its tls/cert.pem is the CA the client verifies against. */
  readonly dataDir: string;
  readonly user?: string;
  readonly password?: string;
  /** Each is run in order: ['stat'], ['list'], ['uidl'], ['uidl', n], ['top', n, lines], ['retr', n], ['dele', n], ['rset'], ['noop']. */
  readonly steps: ReadonlyArray<readonly [string, ...number[]]>;
  /** 'quit' (UPDATE) or 'drop' (close the socket without QUIT). */
  readonly end: 'quit' | 'drop';
};

export type PoplibResult = {
  readonly greeting: string;
  readonly stls: string | null;
  /** TLS version when the socket is encrypted, else null. */
  readonly tls: string | null;
  /** The reply to PASS, or `error_proto: -ERR ...` (then no steps are run). */
  readonly login: string;
  /** One entry per step: a status line, [count, octets] for STAT, or {resp, lines} for multi-line replies. */
  readonly results: unknown[];
  readonly end: string | null;
};

const SCRIPT = String.raw`
import json, poplib, ssl, sys
cfg = json.loads(sys.argv[1])
ctx = ssl.create_default_context(cafile=cfg['cafile'])
host = '127.0.0.1'
if cfg['mode'] == 'pop3s':
    p = poplib.POP3_SSL(host, cfg['port'], context=ctx, timeout=10)
else:
    p = poplib.POP3(host, cfg['port'], timeout=10)
s = lambda b: b.decode('latin1')
multi = lambda r: {'resp': s(r[0]), 'lines': [s(l) for l in r[1]]}
out = {'greeting': s(p.getwelcome()), 'stls': None}
if cfg['mode'] == 'stls':
    out['stls'] = s(p.stls(ctx))
out['tls'] = p.sock.version() if isinstance(p.sock, ssl.SSLSocket) else None
p.user(cfg['user'])
try:
    out['login'] = s(p.pass_(cfg['password']))
except poplib.error_proto as e:
    out['login'] = 'error_proto: ' + s(e.args[0])
    cfg['steps'] = []
results = []
for step in cfg['steps']:
    name, args = step[0], step[1:]
    try:
        if name == 'stat': results.append(list(p.stat()))
        elif name == 'list': results.append(multi(p.list()))
        elif name == 'uidl' and args: results.append(s(p.uidl(args[0])))
        elif name == 'uidl': results.append(multi(p.uidl()))
        elif name == 'top': results.append(multi(p.top(args[0], args[1])))
        elif name == 'retr': results.append(multi(p.retr(args[0])))
        elif name == 'dele': results.append(s(p.dele(args[0])))
        elif name == 'rset': results.append(s(p.rset()))
        elif name == 'noop': results.append(s(p.noop()))
        else: raise Exception('unknown step ' + name)
    except poplib.error_proto as e:
        results.append('error_proto: ' + str(e))
out['results'] = results
if cfg['end'] == 'quit':
    out['end'] = s(p.quit())
else:
    p.sock.close()
    out['end'] = None
print(json.dumps(out))
`;

/** Runs a poplib session; fails the test with Python's stderr when the script fails. */
export async function poplib(opts: PoplibSteps): Promise<PoplibResult> {
  const cfg = { user: 'bob', password: 'password', ...opts, cafile: join(opts.dataDir, 'tls', 'cert.pem') };
  const r = await python(SCRIPT, [JSON.stringify(cfg)]);
  expect(r.stderr, 'python stderr').toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as PoplibResult;
}

/** poplib's multi-line result. */
export type Multi = { resp: string; lines: string[] };

/** The message as poplib hands it over (lines without CRLF, stuffing undone), put back together. */
export function joined(m: unknown): string {
  return (m as Multi).lines.map((l) => `${l}\r\n`).join('');
}
