/**
 * Reply text on the wire must be ASCII (RFC 5321 §4.2 textstring, RFC 1939 §3, RFC 3501 §9 TEXT-CHAR).
 * Our catalogs cite RFC sections with "§", which reads well in a terminal; on the wire it becomes
 * "section", and anything else outside printable ASCII becomes "?".
 */
export function wireText(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x20-\x7e\t]*$/.test(text)) return text;
  // eslint-disable-next-line no-control-regex
  return text.replace(/§ ?/g, 'section ').replace(/[^\x20-\x7e\t]/g, '?');
}
