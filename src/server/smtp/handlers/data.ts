/** DATA (RFC 5321 §4.1.1.4) and BDAT (RFC 3030 CHUNKING), and what happens when a message is complete. */
import { normalizeLineEnds } from '../../../protocols/smtp/data-decoder.js';
import { reply } from '../../../protocols/smtp/reply.js';
import { deliver } from '../delivery.js';
import type { HandlerResult, Outcome } from '../handler-types.js';
import type { SmtpSession } from '../session.js';

export function data(session: SmtpSession, args: string): Outcome {
  if (args.trim() !== '') return reply(501, '5.5.4', 'DATA takes no arguments; the message follows after the 354 reply');
  const tx = session.state.transaction!;
  if (tx.bdat) return reply(503, '5.5.1', 'BDAT already started this message; DATA and BDAT cannot be mixed (RFC 3030 §2)');
  return { ...reply(354, undefined, 'End data with <CR><LF>.<CR><LF>'), after: 'data' };
}

/** Called when DATA's end-of-data line has arrived. */
export async function finishData(session: SmtpSession, body: Buffer, size: number, overflow: boolean): Promise<Outcome> {
  const tx = session.state.transaction!;
  session.resetTransaction();
  if (overflow) {
    return reply(552, '5.3.4', `Message too big: ${size} octets, the limit is ${session.ctx.config.maxMessageSize}; nothing was stored (RFC 1870 §6.3)`);
  }
  const fault = session.fault('EOD');
  if (fault) return fault;
  return deliver(session, tx, body);
}

/** `BDAT size [LAST]`: returns the chunk size, or undefined when the arguments are not valid. */
export function parseBdatArgs(args: string): { size: number; last: boolean } | undefined {
  const m = /^(\d{1,15})(?: +(LAST))? *$/i.exec(args.trim());
  if (!m) return undefined;
  return { size: Number(m[1]), last: m[2] !== undefined };
}

export function bdat(session: SmtpSession, args: string): HandlerResult {
  const parsed = parseBdatArgs(args);
  if (!parsed) return reply(501, '5.5.4', 'Syntax: BDAT <size> [LAST], e.g. BDAT 1024 LAST (RFC 3030 §2)');
  const tx = session.state.transaction!;
  const max = session.ctx.config.maxMessageSize;
  const state = (tx.bdat ??= { parts: [], size: 0, overflow: false });
  state.size += parsed.size;
  if (state.size > max) state.overflow = true;
  return {
    kind: 'bdat',
    size: parsed.size,
    keep: !state.overflow,
    complete: async (chunk) => {
      if (!state.overflow) state.parts.push(chunk);
      if (!parsed.last) return reply(250, '2.0.0', `${parsed.size} octets received`);
      session.resetTransaction();
      if (state.overflow) {
        return reply(552, '5.3.4', `Message too big: ${state.size} octets, the limit is ${max}; nothing was stored (RFC 3030 §2)`);
      }
      const fault = session.fault('EOD');
      if (fault) return fault;
      return deliver(session, tx, normalizeLineEnds(Buffer.concat(state.parts)));
    },
  };
}

/** BDAT in the wrong state: the chunk must still be read so the session stays in sync (RFC 3030 §2). */
export function bdatRejected(args: string, rejection: Outcome): HandlerResult {
  const parsed = parseBdatArgs(args);
  if (!parsed) return rejection;
  return { kind: 'bdat', size: parsed.size, keep: false, complete: () => rejection };
}
