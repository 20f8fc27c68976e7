/**
 * What FETCH and SEARCH see of one message of the selected mailbox. The session builds these
 * from the store; the FETCH and SEARCH code reads them and never touches the store itself.
 */
import { parseMimeTree } from '../../mime/parse-tree.js';
import type { MimePart } from '../../mime/part-types.js';
import type { MessageFacts } from './message-facts.js';

export type MessageView = {
  /** Message sequence number in the session. */
  readonly seq: number;
  readonly uid: number;
  /** Flags, including \Recent when the message is recent for this session. */
  readonly flags: readonly string[];
  readonly internalDate: Date;
  /** RFC822.SIZE. */
  readonly size: number;
  /** The whole message (CRLF line ends). */
  raw(): Promise<Buffer>;
  /**
   * ENVELOPE, BODYSTRUCTURE, BODY and the header fields: from the facts cache
   * (message-facts.ts), or computed from raw() and kept there.
   */
  facts(): Promise<MessageFacts>;
  /** The facts if they are in the cache already (nothing is read or parsed). */
  cachedFacts?(): MessageFacts | undefined;
};

const trees = new WeakMap<Buffer, MimePart>();

/**
 * The parsed MIME tree of a raw message, cached per Buffer so that a FETCH of several items,
 * or a SEARCH followed by a FETCH of the same buffer, parses it once.
 */
export function mimeTreeOf(raw: Buffer): MimePart {
  let tree = trees.get(raw);
  if (tree === undefined) {
    tree = parseMimeTree(raw);
    trees.set(raw, tree);
  }
  return tree;
}
