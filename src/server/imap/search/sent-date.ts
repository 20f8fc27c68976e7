/**
 * The calendar date of a Date: header for SENTBEFORE, SENTON and SENTSINCE, which compare the
 * date "disregarding time and timezone" (RFC 3501 §6.4.4): the day as written in the header's
 * own zone, as Dovecot does.
 *
 * RFC 5322 §3.3 (and the obsolete forms of §4.3, which mail still carries):
 *
 *   date-time = [ day-of-week "," ] date time [CFWS]
 *   date      = day month year
 *   year      = 4*DIGIT / obs-year (2 or 3 digits)
 */
import type { ImapDate } from '../../../protocols/imap/dates.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Reads `[Tue, ]3 Mar 2026 ...`; undefined when there is no valid day, month and year. */
export function parseSentDate(value: string): ImapDate | undefined {
  const text = value.replace(/\([^()]*\)/g, ' '); // comments, e.g. "(CET)"
  const m = /(?:^|[\s,])(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{2,4})(?!\d)/.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
  if (month === 0) return undefined;
  let year = Number(m[3]);
  if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900; // RFC 5322 §4.3
  else if (m[3]!.length === 3) year += 1900;
  const day = Number(m[1]);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return undefined;
  return { year, month, day };
}
