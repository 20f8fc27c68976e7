/**
 * Response codes the server puts in `[...]` (RFC 3501 §7.1, RFC 4315, RFC 5530), the mapping of
 * store errors to them, and the reply text of `--fault "imap:CMD:NO [CODE] text"`.
 */
import { atom, raw, type ResponseCode, type TaggedStatus } from '../../protocols/imap/response.js';
import { compressSequenceSet } from '../../protocols/imap/sequence-set.js';
import { StoreError, type StoreErrorCode } from '../../store/types.js';
import { isFileSystemError } from '../fs-errors.js';
import type { Outcome, Reply } from './handler-types.js';

export const capabilityCode = (caps: readonly string[]): ResponseCode => ({ name: 'CAPABILITY', args: caps.map(atom) });
export const uidValidityCode = (n: number): ResponseCode => ({ name: 'UIDVALIDITY', args: [n] });
export const uidNextCode = (n: number): ResponseCode => ({ name: 'UIDNEXT', args: [n] });
export const unseenCode = (seq: number): ResponseCode => ({ name: 'UNSEEN', args: [seq] });
export const permanentFlagsCode = (flags: readonly string[]): ResponseCode => ({ name: 'PERMANENTFLAGS', args: [flags.map(atom)] });
export const badCharsetCode = (charsets: readonly string[]): ResponseCode => ({ name: 'BADCHARSET', args: [charsets.map(atom)] });

/** `[APPENDUID uidvalidity uid]` (RFC 4315 §3). */
export const appendUidCode = (uidValidity: number, uid: number): ResponseCode => ({ name: 'APPENDUID', args: [uidValidity, uid] });

/** `[COPYUID uidvalidity source-uids dest-uids]`, both sets in the same order (RFC 4315 §3). */
export function copyUidCode(uidValidity: number, pairs: ReadonlyArray<{ from: number; to: number }>): ResponseCode {
  const ordered = [...pairs].sort((a, b) => a.from - b.from);
  const sources = compressSequenceSet(ordered.map((p) => p.from));
  // The destination UIDs are ascending too (the store adds in source order), so compressing keeps the pairing.
  const targets = compressSequenceSet(ordered.map((p) => p.to));
  return { name: 'COPYUID', args: [uidValidity, raw(sources), raw(targets)] };
}

/** RFC 5530 codes for each store failure, with what the learner should do about it. */
const STORE_ERROR_CODES: Readonly<Record<StoreErrorCode, { readonly code: string; readonly hint: string }>> = {
  NONEXISTENT: { code: 'NONEXISTENT', hint: 'LIST "" "*" shows the mailboxes that exist' },
  ALREADYEXISTS: { code: 'ALREADYEXISTS', hint: 'pick another name' },
  CANNOT: { code: 'CANNOT', hint: 'the server will not do this' },
  NOPERM: { code: 'NOPERM', hint: 'you may not do this' },
  INUSE: { code: 'INUSE', hint: 'try again in a moment' },
  TOOBIG: { code: 'TOOBIG', hint: 'the message is larger than the server accepts' },
  NOUSER: { code: 'UNAVAILABLE', hint: 'the account has no mail store' },
};

/**
 * The NO reply for a store failure. With `tryCreate`, a missing mailbox is `[TRYCREATE]`: APPEND,
 * COPY and MOVE into a mailbox that does not exist (RFC 3501 §6.3.11, §6.4.7).
 */
export function storeErrorReply(err: StoreError, opts: { tryCreate?: boolean } = {}): Outcome {
  const entry = STORE_ERROR_CODES[err.code];
  const code = err.code === 'NONEXISTENT' && opts.tryCreate ? 'TRYCREATE' : entry.code;
  const hint = code === 'TRYCREATE' ? 'CREATE it first' : entry.hint;
  return { status: 'NO', code, text: `${capitalize(err.message)}; ${hint}` };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A fault's reply text, `OK|NO|BAD [CODE args] text`, as the tagged reply. Text without a status
 * word becomes a NO with that text, so a mistyped fault still shows up on the wire.
 */
export function parseFaultReply(text: string): Reply {
  const m = /^(OK|NO|BAD)(?: +(.*))?$/i.exec(text.trim());
  const status = (m ? m[1]!.toUpperCase() : 'NO') as TaggedStatus;
  const rest = m ? (m[2] ?? '') : text.trim();
  const coded = /^\[([A-Za-z0-9-]+)(?: ([^\]]*))?\] *(.*)$/.exec(rest);
  if (!coded) return { status, text: rest || status };
  const code: ResponseCode = coded[2] ? { name: coded[1]!.toUpperCase(), args: [raw(coded[2])] } : coded[1]!.toUpperCase();
  return { status, code, text: coded[3] || status };
}

/**
 * Runs a handler body; a StoreError becomes its NO reply (protocol failures are replies,
 * conventions.md 7). A file of the mailbox that cannot be read or written (a directory where a
 * message should be, no permission, an I/O error) is `NO [CORRUPTION]` (RFC 5530 §3): the
 * session goes on, and the other mailboxes still work.
 */
export async function attempt(body: () => Promise<Outcome> | Outcome, opts: { tryCreate?: boolean } = {}): Promise<Outcome> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof StoreError) return storeErrorReply(err, opts);
    if (isFileSystemError(err)) {
      return { status: 'NO', code: 'CORRUPTION', text: `The mailbox's files cannot be used (${err.code}); the sandbox's data directory needs repair` };
    }
    throw err;
  }
}
