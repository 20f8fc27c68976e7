/**
 * RFC 5322 §3.3 date-time, with the obsolete forms of §4.3 (two-digit years,
 * "UT", "GMT", US zone names, military zones read as +0000):
 *
 *   date-time = [ day-of-week "," ] date time [CFWS]
 *   date      = day month year
 *   time      = hour ":" minute [ ":" second ] FWS zone
 *   zone      = ( "+" / "-" ) 4DIGIT
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ZONES: Record<string, number> = { ut: 0, gmt: 0, z: 0, edt: -240, est: -300, cdt: -300, cst: -360, mdt: -360, mst: -420, pdt: -420, pst: -480 };

const DATE =
  /^\s*(?:[a-z]{3}\s*,\s*)?(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[a-z]{1,5})?/i;

/** Removes RFC 5322 comments (nested parentheses), e.g. "(CET)". */
export function stripComments(text: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && depth > 0) i++;
    else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

export type ParsedDate = {
  /** Milliseconds since the epoch (UTC). */
  readonly time: number;
  /** Offset from UTC in minutes as written (+0100 → 60). */
  readonly offsetMinutes: number;
};

/** Parses an RFC 5322 date-time; null when it is not one. */
export function parseRfc5322Date(text: string): ParsedDate | null {
  const m = DATE.exec(stripComments(text));
  if (!m) return null;
  const month = MONTHS.indexOf(m[2]!.toLowerCase());
  if (month < 0) return null;
  let year = Number(m[3]);
  // RFC 5322 §4.3: a two-digit year below 50 is 20xx, else 19xx; three digits add 1900
  if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
  else if (m[3]!.length === 3) year += 1900;
  const [day, hour, minute, second] = [Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const zone = (m[7] ?? '-0000').toLowerCase();
  let offset: number;
  if (/^[+-]\d{4}$/.test(zone)) {
    const sign = zone[0] === '-' ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  } else offset = ZONES[zone] ?? 0;
  const time = Date.UTC(year, month, day, hour, minute, second) - offset * 60_000;
  return Number.isNaN(time) ? null : { time, offsetMinutes: offset };
}

/** A duration in words: "4 s", "2 min 5 s", "3 h 12 min", "-5 min 40 s". */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let s = Math.round(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = [d ? `${d} d` : '', h ? `${h} h` : '', m ? `${m} min` : '', s || (!d && !h && !m) ? `${s} s` : ''].filter(Boolean);
  return sign + parts.slice(0, 2).join(' ');
}
