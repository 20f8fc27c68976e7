/**
 * Python's imaplib driving the IMAP sandbox: a test passes the body of a Python function that
 * gets a logged-in-ready `M` (plain, after STARTTLS, or over implicit TLS) and records what it
 * sees with `rec(name, value)`; the results come back as JSON, bytes as latin1 text.
 */
import { join } from 'node:path';
import { python } from './tools.js';

export type ImaplibMode = 'plain' | 'starttls' | 'imaps';

const PRELUDE = String.raw`
import imaplib, json, socket, ssl, sys, time
cfg = json.loads(sys.argv[1])
ctx = ssl.create_default_context(cafile=cfg['cafile'])
host = '127.0.0.1'
if cfg['mode'] == 'imaps':
    M = imaplib.IMAP4_SSL(host, cfg['port'], ssl_context=ctx, timeout=10)
else:
    M = imaplib.IMAP4(host, cfg['port'], timeout=10)
if cfg['mode'] == 'starttls':
    M.starttls(ssl_context=ctx)
def plain(v):
    if isinstance(v, bytes): return v.decode('latin1')
    if isinstance(v, (list, tuple)): return [plain(x) for x in v]
    return v
out = {'tls': M.sock.version() if isinstance(M.sock, ssl.SSLSocket) else None, 'caps': sorted(M.capabilities)}
def rec(name, value):
    out[name] = plain(value)
def main():
`;

const EPILOGUE = String.raw`
try:
    main()
except Exception as e:
    out['error'] = '%s: %s' % (type(e).__name__, e)
print(json.dumps(out))
`;

/** Indents a Python body into main(). */
function indent(body: string): string {
  return body
    .trim()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

/** Runs the body; resolves with what it recorded (`error` holds an exception raised in it). */
export async function imaplib(
  opts: { port: number | null; mode: ImaplibMode; dataDir: string; args?: Record<string, unknown> },
  body: string,
): Promise<Record<string, unknown>> {
  if (opts.port === null) throw new Error('service not running');
  const cfg = { port: opts.port, mode: opts.mode, cafile: join(opts.dataDir, 'tls', 'cert.pem'), ...opts.args };
  const r = await python(PRELUDE + indent(body) + EPILOGUE, [JSON.stringify(cfg)]);
  if (r.code !== 0) throw new Error(`python3 exited ${String(r.code)}\n${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}
