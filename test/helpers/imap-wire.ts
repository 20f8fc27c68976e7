/**
 * IMAP over a RawClient: wait for the greeting, send a tagged command and wait for its tagged
 * completion (or a `+` continuation), and pick untagged responses out of what came back.
 */
import { expect } from 'vitest';
import { RawClient } from './raw-client.js';

/** The greeting: `* OK ...`, `* PREAUTH ...` or `* BYE ...`. */
export const GREETING = /^\* (OK|PREAUTH|BYE)[^\r\n]*\r\n/;

/** Connects and waits for the greeting, which is left in `c.text`. */
export async function openImap(port: number, opts: { tls?: boolean } = {}): Promise<RawClient> {
  const c = await RawClient.connect(port, opts);
  await c.waitFor(GREETING);
  return c;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern for the tagged completion of `tag` at the end of what was received. */
export function completion(tag: string): RegExp {
  return new RegExp(`(^|\\r\\n)${escapeRegExp(tag)} (OK|NO|BAD)[^\\r\\n]*\\r\\n$`);
}

/** A `+ ...` continuation at the end of what was received. */
export const CONTINUATION = /(^|\r\n)\+[^\r\n]*\r\n$/;

/**
 * Sends `tag rest` (CRLF added; literals inside are sent as written) and waits for the tagged
 * completion. Returns everything received for it.
 */
export async function imap(c: RawClient, line: string, timeoutMs = 5000): Promise<string> {
  const tag = line.slice(0, line.indexOf(' '));
  c.clear();
  c.send(line + '\r\n');
  return c.waitFor(completion(tag), timeoutMs);
}

/** Sends raw bytes and waits until `pattern` matches what was received since. */
export async function sendAndWait(c: RawClient, data: string | Buffer, pattern: RegExp | string, timeoutMs = 5000): Promise<string> {
  c.clear();
  c.send(data);
  return c.waitFor(pattern, timeoutMs);
}

/** The tagged completion line of a response (without CRLF). */
export function taggedLine(text: string, tag: string): string {
  const line = text.split('\r\n').find((l) => l.startsWith(`${tag} `));
  if (line === undefined) throw new Error(`no tagged line for ${tag} in:\n${text}`);
  return line;
}

/** The untagged lines of a response (without CRLF), literals left inline. */
export function untaggedLines(text: string): string[] {
  return text.split('\r\n').filter((l) => l.startsWith('* '));
}

/** Sends a command and asserts it completes with OK; returns what was received. */
export async function expectOk(c: RawClient, line: string): Promise<string> {
  const text = await imap(c, line);
  const tag = line.slice(0, line.indexOf(' '));
  expect(taggedLine(text, tag), `reply to ${line}`).toMatch(new RegExp(`^${escapeRegExp(tag)} OK`));
  return text;
}

/** Logs in with LOGIN (default alice). */
export async function login(c: RawClient, user = 'alice', password = 'password'): Promise<string> {
  return expectOk(c, `L1 LOGIN ${user} ${password}`);
}

/** A simple message with the given subject, CRLF line ends. */
export function message(subject: string, body = 'Hello.', from = 'alice@sandbox.test', to = 'bob@sandbox.test'): string {
  return `From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nDate: Mon, 7 Feb 1994 21:52:25 -0800\r\n\r\n${body}\r\n`;
}
