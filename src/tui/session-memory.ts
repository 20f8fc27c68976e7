/**
 * What the TUI remembers from the conversation for tab completion and the status line: mailbox
 * names from IMAP LIST/LSUB responses, how many messages there are (IMAP EXISTS, POP3 STAT and
 * the login reply), and who is logged in. The user comes from what the learner typed (the events
 * show credentials redacted), confirmed once the server accepts the login.
 */
import type { SessionFacts } from '../annotate/context.js';
import type { ClientEvent, ClientProtocol } from '../client/events.js';

/** `* LIST (\HasNoChildren) "." "INBOX"`: the mailbox is the last astring (RFC 3501 §7.2.2). */
const LIST_LINE = /^\* (?:LIST|LSUB) \([^)]*\) (?:"(?:[^"\\]|\\.)*"|NIL) (.+)$/i;
const EXISTS = /^\* (\d+) EXISTS\b/i;
const EXPUNGE = /^\* \d+ EXPUNGE\b/i;
/** POP3 `+OK 2 320` after STAT, or the sandbox's login reply "maildrop has 2 messages". */
const POP3_STAT = /^\+OK (\d+) \d+\s*$/;
const POP3_MAILDROP = /^\+OK .*?\b(\d+) messages?\b/i;

function unquote(astring: string): string {
  const t = astring.trim();
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) return t.slice(1, -1).replace(/\\(["\\])/g, '$1');
  return t;
}

function decodeBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text.trim())) return undefined;
  return Buffer.from(text.trim(), 'base64').toString('utf8');
}

export class SessionMemory {
  /** IMAP mailbox names seen in LIST/LSUB, INBOX first. */
  readonly mailboxes = new Set<string>(['INBOX']);
  /** Messages in the selected mailbox (IMAP) or the maildrop (POP3), when known. */
  messages: number | undefined;
  /** The logged-in user, once the server accepted the login. */
  user: string | undefined;
  private pendingUser: string | undefined;
  private lastCommand = '';
  /** The next typed content line is an AUTH LOGIN user name (base64). */
  private expectLoginUser = false;

  constructor(
    private readonly protocol: ClientProtocol,
    targetUser?: string,
  ) {
    this.pendingUser = targetUser;
  }

  /** A line the learner typed, before it is sent (`content`: DATA, a literal or a SASL answer). */
  typed(line: string, content: boolean): void {
    if (content) {
      if (this.expectLoginUser) {
        this.pendingUser = decodeBase64(line) ?? this.pendingUser;
        this.expectLoginUser = false;
      }
      return;
    }
    const words = line.trim().split(/\s+/);
    // IMAP lines may start with the learner's own tag.
    const [first = '', second = ''] = words;
    const imapTagged = this.protocol === 'imap' && !/^(LOGIN|AUTHENTICATE)$/i.test(first) && /^(LOGIN|AUTHENTICATE)$/i.test(second);
    const w = imapTagged ? words.slice(1) : words;
    const verb = (w[0] ?? '').toUpperCase();
    this.lastCommand = verb;
    if (verb === ':AUTH' && w.length >= 4) this.pendingUser = w[2];
    else if (this.protocol === 'imap' && verb === 'LOGIN' && w[1]) this.pendingUser = unquote(w[1]);
    else if (this.protocol === 'pop3' && verb === 'USER' && w[1]) this.pendingUser = w[1];
    else if (verb === 'AUTH' || verb === 'AUTHENTICATE') {
      const mech = (w[1] ?? '').toUpperCase();
      const ir = w[2] ? decodeBase64(w[2]) : undefined;
      if (mech === 'PLAIN' && ir) this.pendingUser = ir.split('\0')[1] || ir.split('\0')[0] || this.pendingUser;
      this.expectLoginUser = mech === 'LOGIN';
    }
  }

  /** Learns from a session event. */
  observe(e: ClientEvent): void {
    if (e.type === 'recv' && !e.inBody) {
      const text = e.text;
      if (this.protocol === 'imap') {
        const list = LIST_LINE.exec(text);
        if (list) this.mailboxes.add(unquote(list[1]!));
        const exists = EXISTS.exec(text);
        if (exists) this.messages = Number(exists[1]);
        else if (EXPUNGE.test(text) && this.messages) this.messages--;
      } else if (this.protocol === 'pop3') {
        const stat = (this.lastCommand === 'STAT' ? POP3_STAT.exec(text) : null) ?? POP3_MAILDROP.exec(text);
        if (stat) this.messages = Number(stat[1]);
      } else if (/^235[ -]/.test(text) && this.pendingUser) {
        this.user = this.pendingUser;
      }
    }
  }

  /** Confirms the user once the session's state says the login worked. */
  settle(facts: SessionFacts): void {
    if (this.user !== undefined || this.pendingUser === undefined) return;
    const loggedIn = facts.protocol === 'imap' ? facts.state === 'authenticated' || facts.state === 'selected' : facts.protocol === 'pop3' && facts.state === 'transaction';
    if (loggedIn) this.user = this.pendingUser;
  }
}
