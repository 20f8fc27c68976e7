/**
 * The trace header every SMTP server adds (RFC 5321 §4.4), plus Return-Path at final delivery.
 *
 *   Time-stamp-line = "Received:" FWS Stamp <CRLF>
 *   Stamp = From-domain By-domain Opt-info [CFWS] ";" FWS date-time
 *   From-domain = "FROM" FWS Extended-Domain
 *   By-domain = CFWS "BY" FWS Extended-Domain
 *   Opt-info = [Via] [With] [ID] [For] [Additional-Registered-Clauses]
 *   With = CFWS "WITH" FWS Protocol      ; SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA (RFC 3848), UTF8SMTP... (RFC 6531)
 */

export type TraceInfo = {
  readonly heloName: string;
  readonly remoteAddress: string;
  readonly serverName: string;
  readonly esmtp: boolean;
  readonly tls: boolean;
  readonly authenticated: boolean;
  readonly utf8: boolean;
  readonly id: string;
  /** Set when the message has exactly one recipient (a "for" clause for many would leak the list). */
  readonly forAddress: string | undefined;
  readonly date: Date;
};

/** The WITH protocol name of RFC 3848 and RFC 6531 §3.7.3. */
export function withProtocol(t: Pick<TraceInfo, 'esmtp' | 'tls' | 'authenticated' | 'utf8'>): string {
  if (!t.esmtp) return 'SMTP';
  const base = t.utf8 ? 'UTF8SMTP' : 'ESMTP';
  return `${base}${t.tls ? 'S' : ''}${t.authenticated ? 'A' : ''}`;
}

/** RFC 5322 date-time, e.g. `Sun, 22 Nov 2026 00:04:11 +0000`. */
export function rfc5322Date(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${days[d.getDay()]}, ${p(d.getDate())} ${months[d.getMonth()]} ${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${sign}${p(Math.floor(abs / 60))}${p(abs % 60)}`;
}

/** The Received header field, folded, with CRLF at the end. */
export function receivedHeader(t: TraceInfo): string {
  const fromClause = `from ${t.heloName} (${t.remoteAddress.includes(':') ? `[IPv6:${t.remoteAddress}]` : `[${t.remoteAddress}]`})`;
  const lines = [
    `Received: ${fromClause}`,
    `\tby ${t.serverName} (mailproto sandbox) with ${withProtocol(t)} id ${t.id}`,
  ];
  const forClause = t.forAddress !== undefined ? `\tfor <${t.forAddress}>; ` : '\t';
  lines.push(`${forClause}${rfc5322Date(t.date)}`);
  if (t.forAddress === undefined) {
    // Put the date on the "by" line when there is no "for" clause.
    lines.pop();
    lines[1] += `;`;
    lines.push(`\t${rfc5322Date(t.date)}`);
  }
  return lines.join('\r\n') + '\r\n';
}

/** `Return-Path: <sender>` (RFC 5321 §4.4), `<>` for the null reverse-path. */
export function returnPathHeader(sender: string): string {
  return `Return-Path: <${sender}>\r\n`;
}
