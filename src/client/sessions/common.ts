/** Small helpers the protocol sessions share. */

/** `verb args` of a typed command line: the verb upper-cased, the rest as typed. */
export function splitCommand(line: string): { readonly verb: string; readonly args: string } {
  const m = /^\s*(\S*)\s?(.*)$/.exec(line)!;
  return { verb: m[1]!.toUpperCase(), args: m[2]! };
}

/**
 * A message file as wire lines: bare LF and bare CR become CRLF (RFC 5322 §2.3: a message on the
 * wire has CRLF line ends only). The last line has no eol when the file does not end in one.
 */
export function contentLines(content: Buffer): Array<{ readonly text: string; readonly eol: '\r\n' | '' }> {
  const text = content.toString('utf8').replace(/\r\n|\r|\n/g, '\r\n');
  const parts = text.split('\r\n');
  const last = parts.pop()!;
  const lines: Array<{ text: string; eol: '\r\n' | '' }> = parts.map((p) => ({ text: p, eol: '\r\n' }));
  if (last !== '') lines.push({ text: last, eol: '' });
  return lines;
}

/** Octets of content lines on the wire. */
export function contentSize(lines: ReadonlyArray<{ readonly text: string; readonly eol: string }>): number {
  return lines.reduce((n, l) => n + Buffer.byteLength(l.text, 'utf8') + l.eol.length, 0);
}
