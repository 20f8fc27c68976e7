/**
 * Parsers for the arguments of MAIL and RCPT (RFC 5321 §4.1.2, RFC 6531 §3.3 for UTF-8).
 *
 *   mail            = "MAIL FROM:" Reverse-path [SP Mail-parameters] CRLF
 *   rcpt            = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path )
 *                     [SP Rcpt-parameters] CRLF
 *   Reverse-path    = Path / "<>"
 *   Path            = "<" [ A-d-l ":" ] Mailbox ">"
 *   A-d-l           = At-domain *( "," At-domain )   ; source route, accepted and ignored
 *   Mailbox         = Local-part "@" ( Domain / address-literal )
 *   Local-part      = Dot-string / Quoted-string
 *   Dot-string      = Atom *("."  Atom)
 *   Atom            = 1*atext
 *   Quoted-string   = DQUOTE *QcontentSMTP DQUOTE
 *   Domain          = sub-domain *("." sub-domain)
 *   sub-domain      = Let-dig [Ldh-str]
 *   address-literal = "[" ( IPv4-address-literal / IPv6-address-literal / General-address-literal ) "]"
 *   esmtp-param     = esmtp-keyword ["=" esmtp-value]
 *   esmtp-keyword   = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
 *   esmtp-value     = 1*(%d33-60 / %d62-126)      ; RFC 6531 adds UTF8-non-ascii
 */

/** A parsed address, or the null reverse-path `<>`. */
export type SmtpPath = {
  /** The mailbox as written, without angle brackets and source route; '' for `<>`. */
  readonly address: string;
  readonly localPart: string;
  readonly domain: string;
  /** True when the address contains non-ASCII characters (needs SMTPUTF8, RFC 6531). */
  readonly utf8: boolean;
};

export type PathArgs = {
  readonly path: SmtpPath;
  /** ESMTP parameters, keys upper-cased; value undefined for a keyword without `=`. */
  readonly params: ReadonlyMap<string, string | undefined>;
};

/** A syntax problem, with the enhanced code and a teaching text for the 501/553 reply. */
export type PathError = { readonly error: string; readonly enhanced: string; readonly code: 501 | 553 | 555 };

const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\u{10FFFF}]+$/u;
const SUBDOMAIN = /^[A-Za-z0-9\u0080-\u{10FFFF}]([A-Za-z0-9\-\u0080-\u{10FFFF}]*[A-Za-z0-9\u0080-\u{10FFFF}])?$/u;
const PARAM_KEYWORD = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const PARAM_VALUE = /^[\x21-\x3c\x3e-\x7e\u0080-\u{10FFFF}]+$/u;

/** True when `domain` is a syntactically valid Domain or address-literal. */
export function isValidDomain(domain: string): boolean {
  if (domain.startsWith('[') && domain.endsWith(']')) return isAddressLiteral(domain.slice(1, -1));
  if (domain.length === 0 || domain.length > 255) return false;
  return domain.split('.').every((label) => label.length <= 63 && SUBDOMAIN.test(label));
}

function isAddressLiteral(inner: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(inner)) return inner.split('.').every((n) => Number(n) <= 255);
  if (/^IPv6:[0-9A-Fa-f:.]+$/.test(inner)) return true;
  return /^[A-Za-z0-9-]*[A-Za-z0-9]:[\x21-\x5a\x5e-\x7e]+$/.test(inner);
}

function isValidLocalPart(local: string): boolean {
  if (local.startsWith('"')) {
    return local.length >= 2 && local.endsWith('"') && /^"([\x20\x21\x23-\x5b\x5d-\x7e\u0080-\u{10FFFF}]|\\[\x20-\x7e])*"$/u.test(local);
  }
  return local.length > 0 && local.split('.').every((atom) => ATEXT.test(atom));
}

/** Splits `local@domain`, honouring an `@` inside a quoted local part. */
function splitMailbox(mailbox: string): { localPart: string; domain: string } | undefined {
  const at = mailbox.lastIndexOf('@');
  if (at <= 0) return undefined;
  return { localPart: mailbox.slice(0, at), domain: mailbox.slice(at + 1) };
}

/**
 * Parses the text after `MAIL FROM:` or `RCPT TO:`. `allowNull` is true for MAIL (the null
 * reverse-path `<>` of bounces); `allowBarePostmaster` for RCPT (`<Postmaster>`).
 */
export function parsePathArgs(
  text: string,
  opts: { allowNull: boolean; allowBarePostmaster: boolean },
): PathArgs | PathError {
  // Many clients put a space after the colon; RFC 5321 does not allow it, but Postel and every
  // production server accept it, so we do too.
  const trimmed = text.replace(/^ +/, '');
  if (!trimmed.startsWith('<')) {
    return {
      code: 501,
      enhanced: opts.allowNull ? '5.1.7' : '5.1.3',
      error: `the address must be in angle brackets, e.g. ${opts.allowNull ? 'MAIL FROM:<alice@sandbox.test>' : 'RCPT TO:<bob@sandbox.test>'}`,
    };
  }
  const close = findClosingBracket(trimmed);
  if (close < 0) return { code: 501, enhanced: '5.5.4', error: 'missing ">" after the address' };
  let inner = trimmed.slice(1, close);
  const rest = trimmed.slice(close + 1);
  if (rest.length > 0 && !rest.startsWith(' ')) {
    return { code: 501, enhanced: '5.5.4', error: 'expected a space between the address and its parameters' };
  }
  const params = parseParams(rest.trim());
  if ('error' in params) return params;

  // A source route (`<@relay.example:user@host>`) is obsolete; RFC 5321 §4.1.2 says to accept and ignore it.
  if (inner.startsWith('@')) {
    const colon = inner.indexOf(':');
    if (colon < 0) return { code: 501, enhanced: '5.1.3', error: 'source route without ":"' };
    inner = inner.slice(colon + 1);
  }
  if (inner === '') {
    if (!opts.allowNull) return { code: 501, enhanced: '5.1.3', error: 'the null address <> is only valid in MAIL FROM' };
    return { path: { address: '', localPart: '', domain: '', utf8: false }, params: params.params };
  }
  if (opts.allowBarePostmaster && inner.toLowerCase() === 'postmaster') {
    return { path: { address: inner, localPart: inner, domain: '', utf8: false }, params: params.params };
  }
  const parts = splitMailbox(inner);
  if (!parts || !isValidLocalPart(parts.localPart) || !isValidDomain(parts.domain)) {
    return {
      code: 501,
      enhanced: opts.allowNull ? '5.1.7' : '5.1.3',
      error: `"${inner}" is not a valid mailbox: expected local-part@domain (RFC 5321 §4.1.2)`,
    };
  }
  if (inner.length > 254) return { code: 501, enhanced: '5.1.3', error: 'the address is longer than 254 octets' };
  // eslint-disable-next-line no-control-regex
  const utf8 = /[^\x00-\x7f]/.test(inner);
  return { path: { address: inner, localPart: parts.localPart, domain: parts.domain, utf8 }, params: params.params };
}

function findClosingBracket(text: string): number {
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === '>' && !quoted) return i;
  }
  return -1;
}

function parseParams(text: string): { params: Map<string, string | undefined> } | PathError {
  const params = new Map<string, string | undefined>();
  if (text === '') return { params };
  for (const word of text.split(/ +/)) {
    const eq = word.indexOf('=');
    const key = (eq < 0 ? word : word.slice(0, eq)).toUpperCase();
    const value = eq < 0 ? undefined : word.slice(eq + 1);
    if (!PARAM_KEYWORD.test(key) || (value !== undefined && !PARAM_VALUE.test(value))) {
      return { code: 501, enhanced: '5.5.4', error: `"${word}" is not a valid ESMTP parameter (keyword[=value])` };
    }
    // The same keyword with the same value again is harmless and real clients send it: Python's
    // smtplib adds SMTPUTF8 itself for a non-ASCII address even when the caller already asked for it.
    if (params.has(key) && params.get(key) !== value) return { code: 501, enhanced: '5.5.4', error: `parameter ${key} given twice` };
    params.set(key, value);
  }
  return { params };
}
