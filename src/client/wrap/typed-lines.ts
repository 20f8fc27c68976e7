/**
 * The learner's keystrokes → the lines the wrapped tool reads. The tool runs in a pseudo-terminal
 * in canonical ("cooked") mode, so the terminal's line discipline edits the line before the tool
 * sees it; this follows the same default rules (termios defaults on Linux): Enter (CR, mapped to
 * LF by ICRNL) or LF ends a line, DEL erases a character, ^U the line, ^W a word, ^V quotes the
 * next character, ^C/^\/^Z discard the line (the tool gets a signal), ^D ends no line. The
 * result is what the tool sends, as far as a line-based tool goes.
 */
import { StringDecoder } from 'node:string_decoder';

/** n_tty keeps at most this many characters of a line (N_TTY_BUF_SIZE - 1). */
export const MAX_TYPED_LINE = 4095;

const ERASE = '\x7f';
const KILL = '\x15';
const WERASE = '\x17';
const LNEXT = '\x16';
const EOF = '\x04';
const DISCARD = new Set(['\x03', '\x1c', '\x1a']);

export class TypedLines {
  private readonly decoder = new StringDecoder('utf8');
  private chars: string[] = [];
  private quoteNext = false;

  /** Feeds typed bytes; returns the lines completed by them (without the line end). */
  push(chunk: Buffer): string[] {
    const done: string[] = [];
    for (const ch of this.decoder.write(chunk)) {
      if (this.quoteNext) {
        this.quoteNext = false;
        this.add(ch);
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        done.push(this.chars.join(''));
        this.chars = [];
      } else if (ch === ERASE) this.chars.pop();
      else if (ch === KILL) this.chars = [];
      else if (ch === WERASE) {
        while (this.chars.length > 0 && /\s/.test(this.chars.at(-1)!)) this.chars.pop();
        while (this.chars.length > 0 && !/\s/.test(this.chars.at(-1)!)) this.chars.pop();
      } else if (ch === LNEXT) this.quoteNext = true;
      else if (DISCARD.has(ch)) this.chars = [];
      else if (ch === EOF) {
        // ^D hands the tool what is typed so far without a line end (the server sees one line
        // when Enter follows), or ends its input at the start of a line: no line either way.
      } else this.add(ch);
    }
    return done;
  }

  private add(ch: string): void {
    if (this.chars.length < MAX_TYPED_LINE) this.chars.push(ch);
  }
}

/** How the line discipline echoes a typed line (ECHOCTL: control characters as ^X). */
export function echoForm(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) => (c === '\x7f' ? '^?' : `^${String.fromCharCode(c.charCodeAt(0) + 64)}`));
}
