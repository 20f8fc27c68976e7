/**
 * POP3 over a RawClient: wait for the greeting, send a command and wait for its whole reply
 * (single-line, multi-line up to the lone ".", or a SASL "+ " challenge), and read replies back.
 */
import { createHash, createHmac } from 'node:crypto';
import { expect } from 'vitest';
import { RawClient } from './raw-client.js';

/** One complete POP3 reply (single-line) at the end of what was received. */
export const SINGLE = /(^|\r\n)(\+OK|-ERR)[^\r\n]*\r\n$/;
/** A multi-line +OK reply ending with the lone ".", or a -ERR. */
export const MULTI = /^(\+OK[^\r\n]*\r\n(?:[\s\S]*\r\n)?\.\r\n|-ERR[^\r\n]*\r\n)$/;
/** A SASL continuation, +OK or -ERR (RFC 5034 §4). */
export const SASL = /^(\+ [^\r\n]*|\+OK[^\r\n]*|-ERR[^\r\n]*)\r\n$/;

export type Pop3Reply = {
  readonly ok: boolean;
  readonly status: string;
  /** Multi-line body with byte-stuffing undone, without the terminator. */
  readonly body: string[];
};

/** Connects and waits for the `+OK` greeting. The greeting is left in `c.text`. */
export async function openPop3(port: number, opts: { tls?: boolean } = {}): Promise<RawClient> {
  const c = await RawClient.connect(port, opts);
  await c.waitFor(/^\+OK [^\r\n]*\r\n$/);
  return c;
}

/** Sends a line (CRLF added) and waits for the reply in the shape `until` describes; returns the raw text. */
export async function send(c: RawClient, line: string, until: RegExp = SINGLE): Promise<string> {
  c.clear();
  c.send(line + '\r\n');
  return c.waitFor(until);
}

/** Parses the reply text received for one command. */
export function parseReply(raw: string): Pop3Reply {
  const [status = '', ...rest] = raw.split('\r\n');
  const ok = status.startsWith('+OK');
  if (!ok || rest.length < 2) return { ok, status, body: [] };
  const lines = rest.slice(0, rest.indexOf('.'));
  return { ok, status, body: lines.map((l) => (l.startsWith('.') ? l.slice(1) : l)) };
}

/** Sends a command and returns the parsed reply. */
export async function cmd(c: RawClient, line: string, multiline = false): Promise<Pop3Reply> {
  return parseReply(await send(c, line, multiline ? MULTI : SINGLE));
}

/** Sends a command and asserts it is answered +OK. */
export async function expectOk(c: RawClient, line: string, multiline = false): Promise<Pop3Reply> {
  const r = await cmd(c, line, multiline);
  expect(r.status, `reply to ${line}`).toMatch(/^\+OK/);
  return r;
}

/** USER/PASS; resolves with the PASS reply status line. */
export async function login(c: RawClient, user = 'alice', password = 'password'): Promise<string> {
  await expectOk(c, `USER ${user}`);
  return (await cmd(c, `PASS ${password}`)).status;
}

/** The APOP timestamp `<...>` in a greeting. */
export function apopTimestamp(greeting: string): string {
  const m = /<[^>]*>/.exec(greeting);
  if (!m) throw new Error(`no APOP timestamp in greeting ${greeting}`);
  return m[0];
}

export const md5hex = (s: string): string => createHash('md5').update(s).digest('hex');
export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** The CRAM-MD5 response to a `+ base64(challenge)` line (RFC 2195). */
export function cramResponse(challengeLine: string, user: string, password: string): string {
  const challenge = Buffer.from(challengeLine.replace(/^\+ /, '').trim(), 'base64').toString('utf8');
  return b64(`${user} ${createHmac('md5', password).update(challenge).digest('hex')}`);
}

/** CRLF message text from lines. */
export function message(lines: readonly string[]): Buffer {
  return Buffer.from(lines.map((l) => `${l}\r\n`).join(''));
}

/** Polls until `probe` returns a value (not undefined/false): for state that has no socket to wait on. */
export async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Events of one kind from a MemoryLog's POP3 sessions. */
export function pop3Events(events: readonly { event: string; protocol: string }[], kind: string): number {
  return events.filter((e) => e.protocol === 'pop3' && e.event === kind).length;
}
