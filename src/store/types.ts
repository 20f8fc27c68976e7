/**
 * The store's public shapes. The store is Maildir++ on disk (design.md "Store") and knows nothing
 * of the protocols: SMTP delivers into it, POP3 and IMAP read and change it, and every change is
 * announced as a StoreEvent so that other sessions hear it.
 */

/** System flags of RFC 3501 §2.3.2 plus keywords (atoms without a backslash). */
export type Flag = string;

export const SYSTEM_FLAGS = ['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'] as const;

/** One message as the store indexes it. Immutable snapshot: re-read after a change. */
export type MessageInfo = {
  /** IMAP UID: strictly ascending within a mailbox, never reused while uidValidity stays. */
  readonly uid: number;
  /** Maildir base name without the `:2,FLAGS` info part; stable for the life of the message. */
  readonly key: string;
  /** Flags, system flags with their backslash (`\\Seen`) and keywords as given. */
  readonly flags: readonly Flag[];
  /** Size in octets of the stored message (CRLF line ends). */
  readonly size: number;
  /** IMAP INTERNALDATE: when the message was delivered (or the date given to APPEND). */
  readonly internalDate: Date;
  /**
   * \Recent: not yet claimed by an IMAP session (MailStore.claimRecent). Files without flags wait in
   * `new/` and stay recent across a restart; a message delivered with flags lies in `cur/` at once
   * and is recent until claimed or until the store is reopened.
   */
  readonly recent: boolean;
};

/** A mailbox's persistent numbers. */
export type MailboxStatus = {
  readonly name: string;
  readonly uidValidity: number;
  readonly uidNext: number;
  readonly messages: number;
  readonly recent: number;
  readonly unseen: number;
};

export type SpecialUse = '\\Sent' | '\\Drafts' | '\\Trash' | '\\Junk';

export type MailboxListEntry = {
  /** Full name with `.` as hierarchy delimiter (HIERARCHY_DELIMITER); `INBOX` is always `INBOX`. */
  readonly name: string;
  readonly specialUse: SpecialUse | undefined;
  readonly subscribed: boolean;
  /** True when other mailboxes lie below this one (for \HasChildren). */
  readonly hasChildren: boolean;
};

/** Change events, emitted after the change is on disk. */
export type StoreEvent =
  | { readonly type: 'added'; readonly user: string; readonly mailbox: string; readonly uid: number }
  | {
      readonly type: 'flags';
      readonly user: string;
      readonly mailbox: string;
      readonly uid: number;
      readonly flags: readonly Flag[];
      /** Opaque id of whoever made the change, so a session can skip its own echo. */
      readonly origin: string | undefined;
    }
  | {
      readonly type: 'expunged';
      readonly user: string;
      readonly mailbox: string;
      readonly uid: number;
      /** Who expunged it (the origin passed to expunge/move), so a session can skip its own echo. */
      readonly origin: string | undefined;
    }
  | { readonly type: 'mailboxes'; readonly user: string };

/** Why a store operation failed; the protocols turn these into their own replies. */
export type StoreErrorCode =
  | 'NONEXISTENT'
  | 'ALREADYEXISTS'
  | 'CANNOT'
  | 'NOPERM'
  | 'INUSE'
  | 'TOOBIG'
  | 'NOUSER';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
  }
}
