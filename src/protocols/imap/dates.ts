/**
 * IMAP dates (SEARCH) and date-times (APPEND, INTERNALDATE).
 *
 * RFC 3501 §9:
 *
 *   date            = date-text / DQUOTE date-text DQUOTE
 *   date-text       = date-day "-" date-month "-" date-year
 *   date-day        = 1*2DIGIT
 *   date-month      = "Jan" / "Feb" / "Mar" / "Apr" / "May" / "Jun" /
 *                     "Jul" / "Aug" / "Sep" / "Oct" / "Nov" / "Dec"
 *   date-year       = 4DIGIT
 *   date-time       = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE
 *   date-day-fixed  = (SP DIGIT) / 2DIGIT
 *   time            = 2DIGIT ":" 2DIGIT ":" 2DIGIT
 *   zone            = ("+" / "-") 4DIGIT
 *
 * A date-time whose day is a single digit without the leading space is accepted too, since
 * clients send it.
 */
import { ParseError } from './parse-error.js';
import { CommandReader, astring, fail } from './tokens.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A calendar date; SEARCH compares dates "disregarding time and timezone" (RFC 3501 §6.4.4). */
export type ImapDate = { readonly year: number; readonly month: number; readonly day: number };

/** An instant plus the zone it was written in, so it can be shown back the same way. */
export type ImapDateTime = {
  readonly date: Date;
  /** Minutes east of UTC: `-0700` is -420. */
  readonly offsetMinutes: number;
};

function monthNumber(name: string): number {
  const index = MONTHS.findIndex((m) => m.toLowerCase() === name.toLowerCase());
  return index + 1;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checkedDate(day: number, monthName: string, year: number, text: string): ImapDate {
  const month = monthNumber(monthName);
  if (month === 0) {
    throw new ParseError(`"${monthName}" is not a month; use Jan, Feb, ... Dec (in "${text}")`);
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    throw new ParseError(`${monthName} ${year} has no day ${day} (in "${text}")`);
  }
  return { year, month, day };
}

/** Parses `1-Feb-1994`. */
export function parseDate(text: string): ImapDate {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text);
  if (!m) throw new ParseError(`expected a date like 1-Feb-1994, found "${text}"`);
  return checkedDate(Number(m[1]), m[2]!, Number(m[3]), text);
}

/** Parses `17-Jul-1996 02:44:25 -0700` (without the quotes). */
export function parseDateTime(text: string): ImapDateTime {
  const m = /^ ?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (!m) throw new ParseError(`expected a date-time like "17-Jul-1996 02:44:25 -0700", found "${text}"`);
  const { year, month, day } = checkedDate(Number(m[1]), m[2]!, Number(m[3]), text);
  const [hours, minutes, seconds] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (hours > 23 || minutes > 59 || seconds > 60) throw new ParseError(`"${text}" has no such time of day`);
  const zoneMinutes = Number(m[8]) * 60 + Number(m[9]);
  if (Number(m[9]) > 59) throw new ParseError(`"${m[7]}${m[8]}${m[9]}" is not a time zone offset`);
  const offsetMinutes = m[7] === '-' ? -zoneMinutes : zoneMinutes;
  const utc = Date.UTC(year, month - 1, day, hours, minutes, Math.min(seconds, 59)) - offsetMinutes * 60_000;
  return { date: new Date(utc), offsetMinutes };
}

/** A SEARCH date at the cursor: an atom or a quoted string. */
export function readDate(r: CommandReader, what: string): ImapDate {
  if (r.atLiteral()) fail(r, what);
  return parseDate(astring(r, `${what} (such as 1-Feb-1994)`));
}

/** APPEND's date-time at the cursor: always a quoted string. */
export function readDateTime(r: CommandReader, what: string): ImapDateTime {
  if (r.peek() !== '"') fail(r, `${what} in quotes, like "17-Jul-1996 02:44:25 -0700"`);
  return parseDateTime(astring(r, what));
}

/** Formats an instant as an IMAP date-time, `17-Jul-1996 02:44:25 -0700`, in the given zone. */
export function formatDateTime(date: Date, offsetMinutes = 0): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const day = String(local.getUTCDate()).padStart(2, ' ');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${day}-${MONTHS[local.getUTCMonth()]}-${local.getUTCFullYear()} ` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ` +
    `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`
  );
}

/** Formats a calendar date as `1-Feb-1994`. */
export function formatDate(date: ImapDate): string {
  return `${date.day}-${MONTHS[date.month - 1]}-${date.year}`;
}
