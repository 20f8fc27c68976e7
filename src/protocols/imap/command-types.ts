/**
 * The typed value of every parsed IMAP command. `name` is uppercased; UID FETCH/STORE/COPY/MOVE/
 * SEARCH/EXPUNGE parse as FETCH/STORE/... with `uid: true`. Mailbox names are as on the wire
 * (modified UTF-7, see mutf7.ts), except that INBOX in any case is normalized to `INBOX`.
 */
import type { ImapDateTime } from './dates.js';
import type { FetchItem, FetchMacro } from './fetch-items.js';
import type { SearchKey } from './search-keys.js';
import type { SequenceSet } from './sequence-set.js';

/** Distributes over `N`, so each name gets its own member of the union. */
type Cmd<N extends string, A> = N extends string
  ? {
      readonly tag: string;
      readonly name: N;
      readonly uid: boolean;
      readonly args: A;
    }
  : never;

export type NoArgs = { readonly [key: string]: never };

export type NoArgCommandName =
  | 'CAPABILITY'
  | 'NOOP'
  | 'LOGOUT'
  | 'STARTTLS'
  | 'CHECK'
  | 'CLOSE'
  | 'IDLE'
  | 'NAMESPACE'
  | 'UNSELECT';

export type MailboxCommandName = 'SELECT' | 'EXAMINE' | 'CREATE' | 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE';

export const STATUS_ITEMS = ['MESSAGES', 'RECENT', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN'] as const;
export type StatusItem = (typeof STATUS_ITEMS)[number];

/** `FLAGS` replaces, `+FLAGS` adds, `-FLAGS` removes. */
export type StoreOperation = 'set' | 'add' | 'remove';

/** One ID field and its value (NIL is null). */
export type IdParam = readonly [field: string, value: string | null];

export type ImapCommand =
  | Cmd<NoArgCommandName, NoArgs>
  | Cmd<'LOGIN', { readonly userid: string; readonly password: string }>
  | Cmd<'AUTHENTICATE', {
      /** Uppercased SASL mechanism name. */
      readonly mechanism: string;
      /** RFC 4959 SASL-IR initial response, still base64; `''` for `=`; undefined when absent. */
      readonly initialResponse: string | undefined;
    }>
  | Cmd<MailboxCommandName, { readonly mailbox: string }>
  | Cmd<'RENAME', { readonly mailbox: string; readonly newName: string }>
  | Cmd<'LIST' | 'LSUB', { readonly reference: string; readonly pattern: string }>
  | Cmd<'STATUS', { readonly mailbox: string; readonly items: readonly StatusItem[] }>
  | Cmd<'APPEND', {
      readonly mailbox: string;
      readonly flags: readonly string[];
      readonly internalDate: ImapDateTime | undefined;
      readonly message: Buffer;
    }>
  | Cmd<'FETCH', {
      readonly sequence: SequenceSet;
      readonly items: readonly FetchItem[];
      /** Set when the items came from ALL, FAST or FULL. */
      readonly macro: FetchMacro | undefined;
    }>
  | Cmd<'STORE', {
      readonly sequence: SequenceSet;
      readonly operation: StoreOperation;
      /** `.SILENT`: no untagged FETCH with the new flags. */
      readonly silent: boolean;
      readonly flags: readonly string[];
    }>
  | Cmd<'COPY' | 'MOVE', { readonly sequence: SequenceSet; readonly mailbox: string }>
  | Cmd<'SEARCH', { readonly charset: string | undefined; readonly keys: readonly SearchKey[] }>
  /** `sequence` only for UID EXPUNGE (RFC 4315). */
  | Cmd<'EXPUNGE', { readonly sequence: SequenceSet | undefined }>
  | Cmd<'ENABLE', { readonly capabilities: readonly string[] }>
  /** `params` is null for `ID NIL`. */
  | Cmd<'ID', { readonly params: readonly IdParam[] | null }>;

export type ImapCommandName = ImapCommand['name'];

/** The parsed command with the given name. */
export type CommandOf<N extends ImapCommandName> = Extract<ImapCommand, { readonly name: N }>;
