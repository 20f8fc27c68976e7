/**
 * Address lists (RFC 5322 §3.4, with RFC 822 obsolete forms §4.4) as IMAP
 * ENVELOPE wants them: one entry per mailbox, and a group as a start entry
 * (mailbox = group name, domain = null) and an end entry (all null).
 * Lenient like Dovecot's message-address.c with MESSAGE_ADDRESS_PARSE_FLAG_FILL_MISSING:
 * what is missing is filled with MISSING_MAILBOX / MISSING_DOMAIN, a broken
 * angle address gets domain SYNTAX_ERROR and a broken route INVALID_ROUTE.
 *
 *   address-list = (address *("," address)) / obs-addr-list
 *   address      = mailbox / group
 *   mailbox      = name-addr / addr-spec
 *   name-addr    = [display-name] angle-addr
 *   angle-addr   = [CFWS] "<" [obs-route] addr-spec ">" [CFWS]
 *   obs-route    = obs-domain-list ":"
 *   group        = display-name ":" [group-list] ";" [CFWS]
 *   addr-spec    = local-part "@" domain
 *
 * Strings are byte strings, undecoded (encoded-words stay as they are).
 */

import { Rfc822Lexer, type ParseResult } from './rfc822-tokens.js';

export type Address = {
  /** Display name (phrase), or the comment after an addr-spec. */
  readonly name: string | null;
  /** Source route, e.g. "@relay1,@relay2", without the final ":". */
  readonly route: string | null;
  /** Local part; for a group start, the group name; null for a group end. */
  readonly mailbox: string | null;
  /** Domain; null for a group start or end. */
  readonly domain: string | null;
};

type Draft = { name: string | null; route: string | null; mailbox: string | null; domain: string | null; invalid: boolean };

function emptyDraft(): Draft {
  return { name: null, route: null, mailbox: null, domain: null, invalid: false };
}

class AddressParser {
  readonly lexer: Rfc822Lexer;
  addr: Draft = emptyDraft();
  readonly list: Address[] = [];

  constructor(value: string) {
    this.lexer = new Rfc822Lexer(value, true);
  }

  private add(): void {
    const { name, route, mailbox, domain } = this.addr;
    this.list.push({ name, route, mailbox, domain });
    this.addr = emptyDraft();
  }

  private ch(): string {
    return this.lexer.peekChar();
  }

  /** Text gathered by the last local-part parse, even a failed one. */
  private localText = '';

  private parseLocalPart(): ParseResult {
    const out: string[] = [];
    const ret = this.ch() === '"' ? this.lexer.parseQuotedString(out) : this.parseNonStrictDotAtom(out);
    this.localText = out.join('');
    if (ret < 0) return -1;
    this.addr.mailbox = this.localText;
    return ret;
  }

  /** local-part with dots anywhere ("a..b.", ".a"), as real mail has them. */
  private parseNonStrictDotAtom(out: string[]): ParseResult {
    const lx = this.lexer;
    let ret: ParseResult = -1;
    do {
      while (lx.peekChar() === '.') {
        out.push('.');
        lx.pos++;
        if (lx.atEnd) return 0;
        ret = 1;
      }
      if (lx.peekChar() === '@') break;
      ret = lx.parseAtom(out);
    } while (ret > 0 && lx.peekChar() === '.');
    return ret;
  }

  private parseDomain(): ParseResult {
    const out: string[] = [];
    const ret = this.lexer.parseDomain(out);
    if (ret < 0) return -1;
    this.addr.domain = out.join('');
    return ret;
  }

  /** obs-domain-list = "@" domain *(*(CFWS / ",") [CFWS] "@" domain) */
  private parseDomainList(): ParseResult {
    const lx = this.lexer;
    let route = '';
    for (;;) {
      if (lx.atEnd) return 0;
      if (lx.peekChar() !== '@') break;
      if (route.length > 0) route += ',';
      route += '@';
      const out: string[] = [];
      const ret = lx.parseDomain(out);
      route += out.join('');
      if (ret <= 0) return ret;
      while (lx.skipLwsp() > 0 && lx.peekChar() === ',') lx.pos++;
    }
    this.addr.route = route;
    return 1;
  }

  private parseAngleAddr(): ParseResult {
    const lx = this.lexer;
    lx.pos++; // "<"
    if (lx.skipLwsp() <= 0) return -1;
    if (this.ch() === '@') {
      if (this.parseDomainList() > 0 && this.ch() === ':') {
        lx.pos++;
      } else {
        this.addr.route = 'INVALID_ROUTE';
        if (lx.atEnd) return -1;
      }
      if (lx.skipLwsp() <= 0) return -1;
    }
    if (this.ch() !== '>') {
      if (this.parseLocalPart() <= 0) return -1;
      if (this.ch() === '@' && this.parseDomain() <= 0) return -1;
    }
    if (this.ch() !== '>') return -1;
    lx.pos++;
    return lx.skipLwsp();
  }

  private parseNameAddr(): ParseResult {
    const out: string[] = [];
    if (this.lexer.parsePhrase(out) <= 0 || this.ch() !== '<') return -1;
    const name = out.join('');
    this.addr.name = name === '' ? null : name;
    if (this.parseAngleAddr() < 0) {
      this.addr.domain = 'SYNTAX_ERROR';
      this.addr.invalid = true;
    }
    return this.lexer.atEnd ? 0 : 1;
  }

  private parseAddrSpec(): ParseResult {
    const lx = this.lexer;
    let ret2: number = -2;
    lx.lastComment = '';
    const quoted = this.ch() === '"';
    let ret: ParseResult = this.parseLocalPart();
    if (ret <= 0) this.addr.invalid = true;
    if (ret !== 0 && !lx.atEnd && this.ch() === '@') {
      ret2 = this.parseDomain();
      if (ret2 <= 0) ret = ret2 as ParseResult;
    }
    if (lx.lastComment !== null && lx.lastComment.length > 0) {
      this.addr.name = lx.lastComment;
    } else if (ret2 === -2) {
      // "user" alone is a mailbox; "user more words" is a display name.
      const before = this.localText + ' ';
      const out: string[] = [before];
      lx.parsePhrase(out);
      const phrase = out.join('');
      if (phrase.length !== before.length) {
        this.addr.mailbox = null;
        this.addr.name = phrase;
      } else if (!quoted) {
        this.addr.domain = '';
      }
      this.addr.invalid = true;
      ret = -1;
    }
    return ret;
  }

  private addFixed(): void {
    if (this.addr.mailbox === null) {
      this.addr.mailbox = 'MISSING_MAILBOX';
      this.addr.invalid = true;
    }
    if (this.addr.domain === null || this.addr.domain === '') {
      this.addr.domain = 'MISSING_DOMAIN';
      this.addr.invalid = true;
    }
    this.add();
  }

  private parseMailbox(): ParseResult {
    const start = this.lexer.pos;
    let ret = this.parseNameAddr();
    if (ret < 0) {
      this.lexer.pos = start;
      this.addr = emptyDraft();
      ret = this.parseAddrSpec();
      if (this.addr.invalid && this.addr.name === null && this.addr.mailbox !== null && this.addr.domain === null) {
        this.addr.name = this.addr.mailbox;
        this.addr.mailbox = null;
      }
    }
    if (ret < 0) this.addr.invalid = true;
    this.addFixed();
    return ret;
  }

  private parseGroup(): ParseResult {
    const lx = this.lexer;
    const out: string[] = [];
    if (lx.parsePhrase(out) <= 0 || this.ch() !== ':') return -1;
    lx.pos++;
    let ret = lx.skipLwsp();
    if (ret <= 0) this.addr.invalid = true;
    this.addr.mailbox = out.join('');
    this.add();
    if (ret > 0 && this.ch() !== ';') {
      for (;;) {
        this.parseMailbox();
        if (lx.atEnd || this.ch() !== ',') break;
        lx.pos++;
        if (lx.skipLwsp() <= 0) {
          ret = -1;
          break;
        }
      }
    }
    if (ret >= 0) {
      if (lx.atEnd || this.ch() !== ';') ret = -1;
      else {
        lx.pos++;
        ret = lx.skipLwsp();
      }
    }
    if (ret < 0) this.addr.invalid = true;
    this.add();
    return ret === 0 ? 0 : 1;
  }

  private parseAddress(): ParseResult {
    const start = this.lexer.pos;
    const saved = this.list.length;
    let ret = this.parseGroup();
    if (ret < 0) {
      this.lexer.pos = start;
      this.list.length = saved;
      this.addr = emptyDraft();
      ret = this.parseMailbox();
    }
    return ret;
  }

  parseList(): void {
    const lx = this.lexer;
    if (lx.skipLwsp() <= 0) return;
    for (;;) {
      if (this.parseAddress() === 0) break;
      if (lx.atEnd || this.ch() !== ',') break;
      lx.pos++;
      const ret = lx.skipLwsp();
      if (ret <= 0) {
        if (ret < 0) this.addFixed();
        break;
      }
    }
  }
}

/** Parses an address-list header value (From, To, Cc, ...). Empty → []. */
export function parseAddressList(value: string): Address[] {
  const parser = new AddressParser(value);
  parser.parseList();
  return parser.list;
}

/** True for the entry that starts a group (RFC 3501 §7.4.2: host is NIL, mailbox is the group name). */
export function isGroupStart(a: Address): boolean {
  return a.domain === null && a.mailbox !== null;
}

