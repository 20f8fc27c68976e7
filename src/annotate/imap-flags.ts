/**
 * Message flags and mailbox attributes in words: system flags (RFC 3501 §2.3.2), registered
 * keywords (RFC 9051 §2.3.2, RFC 5788), LIST attributes (RFC 3501 §7.2.2, RFC 3348, RFC 5258,
 * RFC 6154 §2, RFC 8457).
 */

export type WordsInfo = { readonly words: string; readonly rfc: string };

const FLAGS_RFC = 'RFC 3501 §2.3.2';

export const MESSAGE_FLAGS: Readonly<Record<string, WordsInfo>> = Object.freeze({
  '\\SEEN': { words: 'read', rfc: FLAGS_RFC },
  '\\ANSWERED': { words: 'replied to', rfc: FLAGS_RFC },
  '\\FLAGGED': { words: 'flagged for attention', rfc: FLAGS_RFC },
  '\\DELETED': { words: 'marked for deletion: EXPUNGE or CLOSE removes it', rfc: FLAGS_RFC },
  '\\DRAFT': { words: 'a draft', rfc: FLAGS_RFC },
  '\\RECENT': { words: 'new since the last session that opened the mailbox', rfc: FLAGS_RFC },
  '\\*': { words: 'you may create new keywords', rfc: 'RFC 3501 §7.1' },
  $FORWARDED: { words: 'forwarded', rfc: 'RFC 9051 §2.3.2' },
  $MDNSENT: { words: 'a read receipt was sent', rfc: 'RFC 9051 §2.3.2' },
  $JUNK: { words: 'junk', rfc: 'RFC 9051 §2.3.2' },
  $NOTJUNK: { words: 'not junk', rfc: 'RFC 9051 §2.3.2' },
  $PHISHING: { words: 'phishing', rfc: 'RFC 9051 §2.3.2' },
});

/** `\Seen (read), \Flagged (flagged for attention)`; keywords the table lacks are named only. */
export function describeFlags(flags: readonly string[]): string {
  return flags.map((f) => {
    const info = MESSAGE_FLAGS[f.toUpperCase()];
    return info ? `${f} (${info.words})` : `${f} (a keyword)`;
  }).join(', ');
}

export const MAILBOX_ATTRIBUTES: Readonly<Record<string, WordsInfo>> = Object.freeze({
  '\\NOINFERIORS': { words: 'no child mailboxes can be created under it', rfc: 'RFC 3501 §7.2.2' },
  '\\NOSELECT': { words: 'cannot be selected: only a level of the hierarchy', rfc: 'RFC 3501 §7.2.2' },
  '\\MARKED': { words: 'probably has new messages', rfc: 'RFC 3501 §7.2.2' },
  '\\UNMARKED': { words: 'no new messages', rfc: 'RFC 3501 §7.2.2' },
  '\\HASCHILDREN': { words: 'has child mailboxes', rfc: 'RFC 3348' },
  '\\HASNOCHILDREN': { words: 'no child mailboxes', rfc: 'RFC 3348' },
  '\\NONEXISTENT': { words: 'does not exist (only a level of the hierarchy)', rfc: 'RFC 5258' },
  '\\SUBSCRIBED': { words: 'subscribed', rfc: 'RFC 5258' },
  '\\REMOTE': { words: 'on another server', rfc: 'RFC 5258' },
  '\\ALL': { words: 'special-use: every message', rfc: 'RFC 6154 §2' },
  '\\ARCHIVE': { words: 'special-use: the archive', rfc: 'RFC 6154 §2' },
  '\\DRAFTS': { words: 'special-use: drafts are kept here', rfc: 'RFC 6154 §2' },
  '\\FLAGGED': { words: 'special-use: the flagged messages', rfc: 'RFC 6154 §2' },
  '\\JUNK': { words: 'special-use: junk mail goes here', rfc: 'RFC 6154 §2' },
  '\\SENT': { words: 'special-use: sent messages are kept here', rfc: 'RFC 6154 §2' },
  '\\TRASH': { words: 'special-use: deleted messages go here', rfc: 'RFC 6154 §2' },
  '\\IMPORTANT': { words: 'special-use: the important messages', rfc: 'RFC 8457' },
});
