/**
 * What the annotator knows about the conversation when it explains a line. The client engine
 * (src/client) keeps these facts as the session goes; the annotator is pure and never sees sockets.
 */
import type { ClientProtocol } from '../client/events.js';

/** The client command a server line answers. */
export type CommandRef = {
  /** Upper-case command name (`EHLO`, `RETR`, `FETCH`, `UID FETCH`). */
  readonly verb: string;
  /** The rest of the line after the verb (after the tag for IMAP), as typed. */
  readonly args: string;
  /** The IMAP tag, when the protocol has tags. */
  readonly tag?: string;
};

/** Facts about the session that change what a line means or whether a command is a mistake. */
export type SessionFacts = {
  readonly protocol: ClientProtocol;
  /** TLS is up (implicit or after STARTTLS/STLS). */
  readonly secure: boolean;
  /** The server is on a loopback address (AUTH before STARTTLS is only a mistake elsewhere). */
  readonly loopback: boolean;
  /** The protocol state in the catalog's terms: SMTP `connected|greeted|mail|rcpt|data`, POP3 `authorization|transaction`, IMAP `not-authenticated|authenticated|selected|logout`. */
  readonly state: string;
  /** IMAP: the selected mailbox and whether it is read-only. */
  readonly selected?: { readonly name: string; readonly readOnly: boolean };
  /** Capabilities / EHLO keywords the server announced (upper-case names). */
  readonly capabilities: readonly string[];
};

/** Context for one server line. */
export type ServerLineContext = {
  readonly facts: SessionFacts;
  /** The command this line answers; undefined for the greeting and unsolicited lines. */
  readonly command?: CommandRef;
  /** 0 for the first line of a response (SMTP multi-line reply, POP3 status line, IMAP response). */
  readonly index: number;
  /** True for lines inside a POP3/IMAP multi-line body or literal (message content: usually not annotated). */
  readonly inBody: boolean;
};

/** Context for a line the learner is about to send. */
export type ClientLineContext = {
  readonly facts: SessionFacts;
  /** True when the line is message content (SMTP DATA, after 354), not a command. */
  readonly inData: boolean;
  /**
   * Set when the line answers a server continuation instead of starting a command: a SASL
   * response after `334`/`+ `, IMAP literal data after `+`, or `DONE` while IDLE. Such lines are
   * not checked as commands. Optional: without it a base64 line is simply not a command name.
   */
  readonly answering?: 'sasl' | 'literal' | 'idle';
  /**
   * Who dot-stuffs an SMTP message line (RFC 5321 §4.5.2): mailproto's session inside DATA (the
   * default); the learner, when a wrapped tool (nc, openssl s_client) sends lines as typed; or
   * nobody, inside BDAT, whose chunk carries its octets exactly (RFC 3030 §2).
   */
  readonly dotStuffing?: 'mailproto' | 'learner' | 'none';
};
