/**
 * The transcript format (design.md "Transcript format"): JSON Lines, a header line, then one event
 * per line with `t` in milliseconds since the start of the recording.
 */

export const TRANSCRIPT_VERSION = 1;

export type TranscriptHeader = {
  readonly type: 'header';
  readonly version: typeof TRANSCRIPT_VERSION;
  readonly protocol: 'smtp' | 'pop3' | 'imap';
  readonly target: string;
  /** ISO 8601 time the recording started. */
  readonly started: string;
  readonly title: string;
};

export type TranscriptEvent =
  /** A client line; credentials are `<redacted>` with `redacted: true` unless recorded with --show-secrets. */
  | { readonly type: 'send'; readonly t: number; readonly text: string; readonly redacted?: true }
  | { readonly type: 'recv'; readonly t: number; readonly text: string }
  | {
      readonly type: 'tls';
      readonly t: number;
      readonly version: string;
      readonly cipher: string;
      readonly subject: string;
      readonly issuer?: string;
      readonly validFrom?: string;
      readonly validTo?: string;
      readonly fingerprint256: string;
      readonly authorized?: boolean;
      readonly verifyError?: string;
    }
  | { readonly type: 'note'; readonly t: number; readonly text: string }
  | { readonly type: 'marker'; readonly t: number; readonly label: string }
  | { readonly type: 'close'; readonly t: number };

export type TranscriptLine = TranscriptHeader | TranscriptEvent;
