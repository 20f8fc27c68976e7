/**
 * What the annotator produces: an explanation of one server reply, as parts a learner reads top
 * to bottom. The TUI, line mode, `:explain` and `mailproto explain` all render these values.
 */

/** Protocols that have an explainer; the registry in explain.ts holds one per protocol. */
export type ExplainProtocol = 'smtp' | 'pop3' | 'imap';

/** What a part is about, so a renderer can pick it out (e.g. show warnings in a colour). */
export type ExplanationPartKind =
  | 'reply-code'
  | 'reply-digits'
  | 'continuation'
  | 'ehlo-keyword'
  | 'enhanced-code'
  | 'enhanced-class'
  | 'enhanced-subject'
  /** POP3 `+OK`/`-ERR`, IMAP `OK`/`NO`/`BAD`/`PREAUTH`/`BYE`. */
  | 'status'
  /** POP3 `[IN-USE]` (RFC 2449/3206), IMAP `[TRYCREATE]` (RFC 3501/5530 ...). */
  | 'response-code'
  /** IMAP untagged data: `* 3 EXISTS`, `* SEARCH 2 5`, `* CAPABILITY ...`. */
  | 'untagged'
  /** The IMAP tag that ties a completion to its command. */
  | 'tag'
  | 'warning';

export type ExplanationPart = {
  readonly kind: ExplanationPartKind;
  /** Short heading, e.g. `550 reply code` or `5.1.1 Bad destination mailbox address`. */
  readonly label: string;
  readonly meaning: string;
  /** What to do next, when there is something to do. */
  readonly next?: string;
  /** Where it is defined, e.g. `RFC 5321 §4.2.2`. */
  readonly rfc: string;
};

export type Explanation = {
  readonly protocol: ExplainProtocol;
  /** The input as explained (trimmed). */
  readonly input: string;
  /** Basic reply code, when the input has one. */
  readonly code?: number;
  /** Enhanced status code as written (`5.1.1`, or `X.1.1` for a registry key). */
  readonly enhanced?: string;
  /** Reply text after the codes, when there is any. */
  readonly text?: string;
  /** POP3 `+OK`/`-ERR`; IMAP `OK`/`NO`/`BAD`/`PREAUTH`/`BYE`, or the untagged data name (`EXISTS`), or `+`. */
  readonly status?: string;
  /** IMAP tag (`A1`) or `*` for untagged responses. */
  readonly tag?: string;
  /** POP3/IMAP response code without brackets and arguments (`IN-USE`, `UIDVALIDITY`). */
  readonly responseCode?: string;
  /** Most specific first: codes, warnings, then how the codes are built. */
  readonly parts: readonly ExplanationPart[];
};

/** One protocol's explainer. The registry in explain.ts holds one per protocol. */
export type Explainer = {
  readonly protocol: ExplainProtocol;
  /** Name shown to people, e.g. `SMTP`. */
  readonly displayName: string;
  /** Whether the input looks like this protocol's reply, for auto-detection. */
  detect(input: string): boolean;
  /** Explains one reply line or code; throws ExplainError when it cannot. */
  explain(input: string): Explanation;
};
