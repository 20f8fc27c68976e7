/**
 * SMTP helpers for integration tests over RawClient: parse what the wire carried into replies,
 * wait for a number of complete replies, and read what the store holds.
 */
import type { MailStore } from '../../src/store/store.js';
import { RawClient } from './raw-client.js';

/** One complete SMTP reply as it came over the wire. */
export type WireReply = { readonly code: number; readonly lines: readonly string[]; readonly text: string };

/** Splits received text into complete replies (RFC 5321 §4.2); a trailing partial reply is left out. */
export function parseReplies(received: string): WireReply[] {
  const out: WireReply[] = [];
  let lines: string[] = [];
  for (const line of received.split('\r\n').slice(0, -1)) {
    const m = /^(\d{3})([ -]?)(.*)$/.exec(line);
    if (!m) throw new Error(`not an SMTP reply line: ${JSON.stringify(line)} in\n${received}`);
    lines.push(m[3]!);
    if (m[2] !== '-') {
      out.push({ code: Number(m[1]), lines, text: lines.join('\n') });
      lines = [];
    }
  }
  return out;
}

/** The codes of every complete reply received so far. */
export function codes(client: RawClient): number[] {
  return parseReplies(client.text).map((r) => r.code);
}

/** Waits until at least n complete replies have arrived since the last clear(); returns them. */
export async function waitReplies(client: RawClient, n: number, timeoutMs = 5000): Promise<WireReply[]> {
  const one = String.raw`(?:\d{3}-[^\r\n]*\r\n)*\d{3}(?: [^\r\n]*)?\r\n`;
  await client.waitFor(new RegExp(`^(?:${one}){${n}}`), timeoutMs);
  return parseReplies(client.text);
}

/** Connects and waits for the 220 greeting; the greeting is cleared from the received text. */
export async function openSmtp(port: number, opts: { tls?: boolean } = {}): Promise<RawClient> {
  const client = await RawClient.connect(port, opts);
  await client.waitFor(/^220 [^\r\n]*\r\n/);
  client.clear();
  return client;
}

/** Sends one command and returns its (single) reply. */
export async function command(client: RawClient, line: string): Promise<WireReply> {
  await client.smtp(line);
  const replies = parseReplies(client.text);
  if (replies.length !== 1) throw new Error(`expected one reply to ${line}, got:\n${client.text}`);
  return replies[0]!;
}

/** Opens a session with EHLO (or HELO) and an envelope from alice to the given recipients. */
export async function openTransaction(
  port: number,
  rcpts: readonly string[] = ['bob@sandbox.test'],
  opts: { helo?: boolean } = {},
): Promise<RawClient> {
  const client = await openSmtp(port);
  await expectCode(client, `${opts.helo ? 'HELO' : 'EHLO'} client.test`, 250);
  await expectCode(client, 'MAIL FROM:<alice@sandbox.test>', 250);
  for (const r of rcpts) await expectCode(client, `RCPT TO:<${r}>`, 250);
  return client;
}

/** Sends a command and fails with the transcript unless the reply has the code. */
export async function expectCode(client: RawClient, line: string, code: number): Promise<WireReply> {
  const r = await command(client, line);
  if (r.code !== code) throw new Error(`${line} → expected ${code}, got:\n${client.text}`);
  return r;
}

/** Every stored message of a user's INBOX, oldest first. */
export async function inbox(store: MailStore, user: string): Promise<Buffer[]> {
  const infos = await store.messages(user, 'INBOX');
  return Promise.all(infos.map((m) => store.read(user, 'INBOX', m.uid)));
}

/** Offsets of line-end octets that are not part of a CRLF pair. */
export function bareLineEnds(bytes: Buffer): number[] {
  const bad: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a) bad.push(i);
    if (bytes[i] === 0x0a && bytes[i - 1] !== 0x0d) bad.push(i);
  }
  return bad;
}

/** The header section of a stored message (before the first empty line). */
export function headerSection(message: Buffer): string {
  const text = message.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  return end < 0 ? text : text.slice(0, end + 2);
}
