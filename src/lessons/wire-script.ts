/**
 * The `wire` step action: a short script of exact bytes sent to the lesson's own sandbox on a
 * connection of its own, for what the learner's client cannot (and should not) type - several
 * commands in one packet, a bare LF, a TLS upgrade in the middle. The security lessons use it to
 * play an attacker against the sandbox; the learner then checks with their own session what the
 * sandbox made of it. It talks only to the lesson sandbox on loopback.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { visibleLineEnd } from '../client/server-text.js';
import type { Sandbox } from '../server/sandbox.js';
import type { WireScript } from './schema.js';

/** How long the server may stay silent before the script goes on (it answers loopback at once). */
const QUIET_MS = 250;
/** The longest wait for one item's answer. */
const ITEM_MS = 3000;

/** `C: line\r\n` per line of a chunk, line ends made visible (a bare `\n` shows as `\n`). */
function wireLines(prefix: string, chunk: string): string[] {
  const out: string[] = [];
  const re = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  for (let m = re.exec(chunk); m && m[0] !== ''; m = re.exec(chunk)) out.push(`${prefix}${m[1]!}${visibleLineEnd(m[2]!)}`);
  return out;
}

/** Runs a script against the sandbox; resolves to a transcript for the learner (one line per line on the wire). */
export async function runWireScript(sandbox: Sandbox, script: WireScript): Promise<string> {
  const port = sandbox.ports[script.service];
  if (port === null || port === undefined) throw new Error(`bug: the lesson sandbox has no ${script.service} service`);
  const lines: string[] = [`${script.who} connects to the sandbox's ${script.service} service and sends:`];
  let received = '';
  let lastData = Date.now();
  let closed = false;
  const onData = (chunk: Buffer): void => {
    received += chunk.toString('latin1');
    lastData = Date.now();
  };
  let socket: Socket = netConnect({ host: sandbox.host, port });
  socket.on('error', () => {});
  socket.on('close', () => (closed = true));
  socket.on('data', onData);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
  } catch (err) {
    socket.destroy();
    return [...lines, `  (could not connect: ${(err as Error).message})`].join('\n');
  }

  /** Waits until the server has been quiet for a moment, then adds what it said to the transcript. */
  const settle = async (quietIsNews = true): Promise<void> => {
    const start = Date.now();
    lastData = start;
    while (!closed && Date.now() - start < ITEM_MS && Date.now() - lastData < QUIET_MS) await new Promise((r) => setTimeout(r, 25));
    if (received) lines.push(...wireLines('  S: ', received));
    else if (quietIsNews) lines.push('  (no answer)');
    received = '';
  };

  try {
    await settle();
    for (const item of script.send) {
      if (closed) {
        lines.push('  (the server has closed the connection)');
        break;
      }
      if (typeof item === 'string') {
        const sent = wireLines('  C: ', item);
        lines.push(...(sent.length > 1 ? [...sent.slice(0, -1), `${sent.at(-1)!}   <- all in one packet`] : sent));
        socket.write(Buffer.from(item, 'latin1'));
        await settle();
        continue;
      }
      // TLS from here on, trusting the sandbox's own certificate.
      const raw = socket;
      raw.removeListener('data', onData);
      const secure = tlsConnect({ socket: raw, ca: sandbox.certificate.cert, checkServerIdentity: () => undefined });
      secure.on('error', () => {});
      socket = secure;
      // A script that asks for TLS where the server did not agree to it ends here, with the reason.
      const failed = await new Promise<string | undefined>((resolve) => {
        const timer = setTimeout(() => resolve('the server did not answer'), ITEM_MS);
        const done = (why: string | undefined): void => {
          clearTimeout(timer);
          resolve(why);
        };
        secure.once('secureConnect', () => done(undefined));
        secure.once('error', (err) => done(err.message.replace(/\s+/g, ' ').trim()));
        secure.once('close', () => done('the connection was closed'));
      });
      if (failed !== undefined) {
        lines.push(`  (the TLS handshake failed: ${failed})`);
        break;
      }
      secure.on('data', onData);
      lines.push('  -- TLS handshake: the connection is encrypted from here on --');
      await settle(false);
    }
  } finally {
    socket.destroy();
  }
  return lines.join('\n');
}
