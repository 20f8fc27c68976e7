/**
 * The client's event model: everything that happens in a session, in order. Line mode prints these
 * events, the recorder writes them as a transcript (design.md "Transcript format"), and the TUI
 * renders them. Text is kept as it came; renderers escape control characters (security.md item 8).
 */

export type ClientProtocol = 'smtp' | 'pop3' | 'imap';

/** TLS facts shown after a handshake (issue: version, cipher, subject, issuer, validity, SHA-256). */
export type TlsSummary = {
  readonly version: string;
  readonly cipher: string;
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly fingerprint256: string;
  /** True when the certificate was verified (false with --insecure and a failed check). */
  readonly authorized: boolean;
  /** Why verification failed, in plain words, when it did. */
  readonly verifyError?: string;
};

export type ClientEvent =
  /** A line the client sent. `text` is what may be shown and recorded: credentials replaced by `<redacted>` unless --show-secrets. */
  | {
      readonly type: 'send';
      readonly t: number;
      readonly text: string;
      readonly redacted?: boolean;
      /** The line end that followed on the wire (`\r\n`; empty when a chunk ended mid-line). For the `:raw` view. */
      readonly eol?: string;
    }
  /** One line the server sent, without its CRLF. */
  | {
      readonly type: 'recv';
      readonly t: number;
      readonly text: string;
      /** The line end as it came: `\r\n`, a bare `\n`, or empty (a literal that ended mid-line). For the `:raw` view. */
      readonly eol?: string;
      /** Message content (a POP3 multi-line body, an IMAP literal), not protocol. */
      readonly inBody?: boolean;
      /** The command this line answers, for grouping: the IMAP tag, or the SMTP/POP3 verb. */
      readonly command?: string;
    }
  /** An explanation of the line just before it (server line, or a learner mistake in a client line). */
  | { readonly type: 'annotation'; readonly t: number; readonly text: string; readonly about: 'recv' | 'send' }
  | ({ readonly type: 'tls'; readonly t: number } & TlsSummary)
  /** Something the learner should know that is not a protocol line (dropped injected bytes, limits). */
  | { readonly type: 'warning'; readonly t: number; readonly text: string }
  /**
   * Output of a meta-command (`:b64`, `:help`, ...). `instructor` marks an instructor's `:note TEXT`
   * or `:marker LABEL` (then `text` is the note or the label), which a recording keeps as a `note`
   * or `marker` event; other info is not recorded.
   */
  | { readonly type: 'info'; readonly t: number; readonly text: string; readonly instructor?: InstructorMark }
  | {
      readonly type: 'close';
      readonly t: number;
      readonly reason: CloseReason;
      /** Why, in one line, when the session did not end normally. */
      readonly message?: string;
      /** The exit status line mode uses for this end (EXIT). */
      readonly exitCode?: number;
    };

/** An instructor's note (a paragraph) or marker (a chapter heading) in a session or a recording. */
export type InstructorMark = 'note' | 'marker';

export type CloseReason = 'quit' | 'server-closed' | 'error' | 'timeout';

/** Exit statuses of `connect` (design.md "Line mode"). */
export const EXIT = {
  ok: 0,
  usage: 1,
  connect: 2,
  tls: 3,
  serverClosed: 4,
} as const;
