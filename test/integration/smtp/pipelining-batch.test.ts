/**
 * RFC 2920 §3.2: replies to pipelined commands are gathered into one write while more commands
 * wait in the input, and all of them go out before the server waits for input again.
 */
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { SocketTransport } from '../../../src/server/transport.js';
import { command, openSmtp, waitReplies } from '../../helpers/smtp-wire.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => sb?.stop());
afterEach(() => vi.restoreAllMocks());

it('answers MAIL, RCPT, RCPT, DATA sent in one packet with one write, in order', async () => {
  const c = await openSmtp(sb.ports.smtp!);
  await command(c, 'EHLO laptop');
  c.clear();
  const plain = vi.spyOn(SocketTransport.prototype, 'write');
  const batched = vi.spyOn(SocketTransport.prototype, 'writeBatched');
  c.send('MAIL FROM:<alice@sandbox.test>\r\nRCPT TO:<bob@sandbox.test>\r\nRCPT TO:<nobody@sandbox.test>\r\nDATA\r\n');
  const replies = await waitReplies(c, 4);
  expect(replies.map((r) => r.code)).toEqual([250, 250, 550, 354]);
  // Three replies held back while commands were waiting, the last one (and the batch) in one go.
  expect(batched).toHaveBeenCalledTimes(3);
  expect(plain).toHaveBeenCalledTimes(1);
  c.clear();
  c.send('Subject: pipelined\r\n\r\nhello\r\n.\r\nQUIT\r\n');
  expect((await waitReplies(c, 2)).map((r) => r.code)).toEqual([250, 221]);
  c.close();
});

it('sends a lone command\'s reply at once, not held back', async () => {
  const c = await openSmtp(sb.ports.smtp!);
  const batched = vi.spyOn(SocketTransport.prototype, 'writeBatched');
  expect((await command(c, 'NOOP')).code).toBe(250);
  expect(batched).not.toHaveBeenCalled();
  c.close();
});

it('a reply held back is sent when the rest of the input is still incomplete', async () => {
  const c = await openSmtp(sb.ports.smtp!);
  await command(c, 'EHLO laptop');
  c.clear();
  // NOOP's reply is batched (more bytes wait), but the rest is half a line: it must still go out.
  c.send('NOOP\r\nNOO');
  expect((await waitReplies(c, 1)).map((r) => r.code)).toEqual([250]);
  c.close();
});
