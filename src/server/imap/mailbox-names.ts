/**
 * Mailbox names between the wire and the store: the wire carries modified UTF-7 (RFC 3501
 * §5.1.3), the store holds Unicode names with HIERARCHY_DELIMITER between levels.
 */
import { encodeMailboxName, tryDecodeMailboxName } from '../../protocols/imap/mutf7.js';
import { canonicalMailboxName } from '../../store/mailbox-names.js';
import { StoreError } from '../../store/types.js';
import { no, type Outcome } from './handler-types.js';
import { storeErrorReply } from './response-codes.js';

/** The store's name for a mailbox given on the wire, or the NO reply explaining why it cannot be one. */
export function storeName(wire: string): { readonly name: string } | { readonly refused: Outcome } {
  const decoded = tryDecodeMailboxName(wire);
  if (decoded === null) {
    return {
      refused: no(
        `"${wire.slice(0, 100)}" is not valid modified UTF-7 (RFC 3501 §5.1.3): write "&" as "&-" and non-ASCII as &...- runs`,
        'CANNOT',
      ),
    };
  }
  try {
    return { name: canonicalMailboxName(decoded) };
  } catch (err) {
    if (err instanceof StoreError) return { refused: storeErrorReply(err) };
    throw err;
  }
}

/** The wire form of a store name. */
export function wireName(name: string): string {
  return encodeMailboxName(name);
}
