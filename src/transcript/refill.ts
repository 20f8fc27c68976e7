/**
 * Credentials for `replay --against`: a recording keeps `<redacted>` where a secret was, so the
 * lines that carried one are made again from --user/--password (for `sandbox`, its seeded
 * account), SASL responses computed afresh from the live server's challenge (CRAM-MD5 depends on
 * it; src/client/sasl-client.ts does the arithmetic).
 *
 * Decisions:
 * - Only lines marked redacted are refilled; a recording made with --show-secrets is sent as
 *   recorded. --user also replaces the name on POP3 USER and APOP lines, so one recording can be
 *   checked with another account.
 * - The user, when no --user: the target's (imap://alice@host), else the name the recording shows
 *   (POP3 USER/APOP), else for `sandbox` its first seeded account. The password, when no
 *   --password: for `sandbox` the seeded one of that user; otherwise there is none, and replay
 *   says so before connecting.
 * - IMAP LOGIN is refilled as one line with quoted strings, even where the learner sent the
 *   password as a literal: the literal's size would have to change anyway.
 * - Every redacted line is checked before connecting (with a stand-in challenge), so that a
 *   recording that cannot be refilled fails at once, naming its line.
 */
import { createHash } from 'node:crypto';
import type { ClientProtocol } from '../client/events.js';
import { REDACTED } from '../client/redact.js';
import { isSaslName, plainResponse, respond, type SaslName } from '../client/sasl-client.js';
import { b64 } from '../protocols/sasl.js';
import { DEFAULT_USERS } from '../server/sandbox.js';

export type Credentials = { readonly user?: string; readonly password?: string };

/** A line that cannot be refilled: `file:line: why`, and what to try. */
export class RefillError extends Error {
  constructor(
    message: string,
    readonly tryMessage: string,
  ) {
    super(message);
    this.name = 'RefillError';
  }
}

/** What the live session knows when a line is made. */
export type LiveFacts = {
  /** The base64 text of the live server's last challenge (after `334 ` or `+ `). */
  readonly challenge: string;
  /** The live greeting (POP3 APOP takes its timestamp). */
  readonly greeting: string;
};

/** A step's client lines as recorded: the command first, then its content lines. */
export type RecordedLine = { readonly text: string; readonly redacted: boolean; readonly line: number };

/** The line to send instead, or `skip` (a line made redundant by refilling the command). */
export type Refilled = { readonly send: string } | { readonly skip: true };

const AUTH_COMMAND = /^(?:(\S+)\s+)?(AUTH|AUTHENTICATE)\s+(\S+)/i;

/** IMAP quoted string (RFC 3501 §4.3). */
function quoted(s: string): string {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

export class Refiller {
  private readonly user: string | undefined;
  private readonly password: string | undefined;

  /**
   * @param recordedUser the name the recording shows (POP3 USER or APOP), if any.
   * @param sandbox replaying against a fresh sandbox: its seeded accounts fill the gaps.
   */
  constructor(
    private readonly protocol: ClientProtocol,
    private readonly file: string,
    private readonly creds: Credentials & { readonly targetUser?: string; readonly recordedUser?: string; readonly sandbox: boolean },
  ) {
    this.user = creds.user ?? creds.targetUser ?? creds.recordedUser ?? (creds.sandbox ? DEFAULT_USERS[0]!.name : undefined);
    this.password = creds.password ?? (creds.sandbox ? DEFAULT_USERS.find((u) => u.name === this.user)?.password : undefined);
  }

  /** Whether a step's lines need anything made again (then `line` is called for each of them). */
  needed(step: readonly RecordedLine[]): boolean {
    return step.some((l) => l.redacted || this.renames(l.text) !== undefined);
  }

  /** --user on a POP3 USER/APOP line whose name is visible. */
  private renames(text: string): string | undefined {
    if (this.protocol !== 'pop3' || this.creds.user === undefined) return undefined;
    const m = /^(USER|APOP)(\s+)(\S+)(.*)$/i.exec(text);
    if (!m || m[3] === this.creds.user) return undefined;
    return `${m[1]}${m[2]}${this.creds.user}${m[4]}`;
  }

  private need(what: 'user' | 'password', l: RecordedLine): string {
    const value = what === 'user' ? this.user : this.password;
    if (value !== undefined) return value;
    throw new RefillError(
      `${this.file}:${l.line}: "${l.text}" was recorded without its secret, and no ${what === 'user' ? 'user name' : 'password'} was given to put back`,
      this.creds.sandbox ? '--user NAME --password PASS for an account of that sandbox' : '--user NAME --password PASS (an account on the server you replay against)',
    );
  }

  private cannot(l: RecordedLine, why: string): never {
    throw new RefillError(`${this.file}:${l.line}: cannot refill "${l.text}": ${why}`, 'record the session again with AUTH PLAIN, LOGIN or CRAM-MD5 (or USER/PASS, LOGIN), or with --show-secrets');
  }

  private mechanism(command: RecordedLine): SaslName {
    const m = AUTH_COMMAND.exec(command.text);
    const name = m?.[3]?.toLowerCase() ?? '';
    if (!isSaslName(name)) this.cannot(command, `mailproto computes PLAIN, LOGIN and CRAM-MD5 responses, not ${name.toUpperCase() || 'this one'}`);
    return name;
  }

  /**
   * The line to send for `step[index]`. @throws RefillError when a redacted line cannot be made again.
   */
  line(step: readonly RecordedLine[], index: number, live: LiveFacts): Refilled {
    const l = step[index]!;
    const command = step[0]!;
    if (index === 0) return this.commandLine(l, live);
    const isLogin = this.protocol === 'imap' && /^\S+\s+LOGIN\b/i.test(command.text) && command.redacted;
    // The one-line LOGIN made for the command replaces its literal and continuation lines.
    if (isLogin) return { skip: true };
    if (!l.redacted) return { send: l.text };
    if (!AUTH_COMMAND.test(command.text)) this.cannot(l, 'it is not part of AUTH or LOGIN');
    const mech = this.mechanism(command);
    const answered = step.slice(1, index).length;
    return { send: respond(mech, answered, live.challenge, this.need('user', l), this.need('password', l)) };
  }

  private commandLine(l: RecordedLine, live: LiveFacts): Refilled {
    const renamed = this.renames(l.text);
    if (!l.redacted) return { send: renamed ?? l.text };
    const auth = AUTH_COMMAND.exec(l.text);
    if (auth) {
      const mech = this.mechanism(l);
      const prefix = l.text.slice(0, l.text.indexOf(REDACTED)).trimEnd();
      const user = this.need('user', l);
      const ir = mech === 'plain' ? plainResponse(user, this.need('password', l)) : mech === 'login' ? b64(user) : this.cannot(l, 'CRAM-MD5 has no initial response');
      return { send: `${prefix} ${ir}` };
    }
    if (this.protocol === 'pop3') {
      const m = /^(PASS|APOP)\b/i.exec(l.text);
      if (m?.[1]!.toUpperCase() === 'PASS') return { send: `PASS ${this.need('password', l)}` };
      if (m) {
        // APOP digest: MD5 of the greeting's timestamp and the shared secret (RFC 1939 §7).
        const stamp = /<[^<>]*>/.exec(live.greeting)?.[0] ?? '';
        const digest = createHash('md5').update(stamp + this.need('password', l)).digest('hex');
        return { send: `APOP ${this.need('user', l)} ${digest}` };
      }
    }
    if (this.protocol === 'imap') {
      const m = /^(\S+)\s+LOGIN\b/i.exec(l.text);
      if (m) return { send: `${m[1]} LOGIN ${quoted(this.need('user', l))} ${quoted(this.need('password', l))}` };
    }
    return this.cannot(l, 'mailproto knows how to refill PASS, APOP, LOGIN and AUTH lines only');
  }

  /** Checks every line that needs refilling, before connecting. @throws RefillError naming the first bad line. */
  check(steps: ReadonlyArray<readonly RecordedLine[]>): void {
    const stand = { challenge: b64('Password:'), greeting: '' };
    for (const step of steps) {
      if (!this.needed(step)) continue;
      for (let i = 0; i < step.length; i++) this.line(step, i, stand);
    }
  }
}

/** The user name a POP3 recording shows on USER or APOP, if any. */
export function recordedUser(protocol: ClientProtocol, sends: readonly string[]): string | undefined {
  if (protocol !== 'pop3') return undefined;
  for (const s of sends) {
    const m = /^(?:USER|APOP)\s+(\S+)/i.exec(s);
    if (m && m[1] !== REDACTED) return m[1];
  }
  return undefined;
}
