/**
 * The default answer to "may this literal come?", asked by the framer before it sends `+` for a
 * synchronizing literal (RFC 3501 §7.5) and before it keeps a non-synchronizing one (RFC 7888).
 * Refusing before `+` is what keeps `a LOGIN {99999999999}` from costing memory (security.md 16).
 */
import { MAX_APPEND_OCTETS, MAX_COMMAND_OCTETS, MAX_LITERAL_OCTETS } from './limits.js';

/** What the framer tells the policy about a literal announced as `{size}` or `{size+}`. */
export type LiteralInfo = {
  /** The command's tag, `''` when the line did not start with one. */
  readonly tag: string;
  /** Command name, uppercased; `UID FETCH` etc. for UID commands. */
  readonly command: string;
  /** Announced size in octets; `Infinity` when the number has more digits than we read. */
  readonly size: number;
  /** True for `{n+}` (the data is already on its way, no `+` will be waited for). */
  readonly nonSync: boolean;
  /** Octets of this command received so far (lines with CRLF, plus earlier literals). */
  readonly octets: number;
};

/**
 * `'accept'`, or a refusal the server turns into a tagged reply: `tag STATUS [CODE] reject`.
 * `status` defaults to BAD.
 */
export type LiteralDecision =
  | 'accept'
  | { readonly reject: string; readonly status?: 'NO' | 'BAD'; readonly code?: string };

export type LiteralPolicy = (info: LiteralInfo) => LiteralDecision;

export type LiteralPolicyOptions = {
  /** Largest APPEND message; the server's configured limit (default MAX_APPEND_OCTETS). */
  readonly maxAppendOctets?: number;
  /** Largest literal in other commands (default MAX_LITERAL_OCTETS). */
  readonly maxLiteralOctets?: number;
  /** Largest whole command other than APPEND (default MAX_COMMAND_OCTETS). */
  readonly maxCommandOctets?: number;
};

/**
 * Builds the sandbox's literal policy: APPEND up to the append limit (`NO [TOOBIG]`, RFC 7889 §4
 * and RFC 5530 §3), every other literal up to MAX_LITERAL_OCTETS and every other command up to
 * MAX_COMMAND_OCTETS in all (`BAD [TOOBIG]`).
 */
export function createLiteralPolicy(options: LiteralPolicyOptions = {}): LiteralPolicy {
  const maxAppend = options.maxAppendOctets ?? MAX_APPEND_OCTETS;
  const maxLiteral = options.maxLiteralOctets ?? MAX_LITERAL_OCTETS;
  const maxCommand = options.maxCommandOctets ?? MAX_COMMAND_OCTETS;
  return (info) => {
    if (info.command === 'APPEND') {
      if (info.size > maxAppend) {
        return {
          status: 'NO',
          code: 'TOOBIG',
          reject: `message of ${describeSize(info.size)} is over this server's APPEND limit of ${maxAppend} octets`,
        };
      }
      return 'accept';
    }
    if (info.size > maxLiteral) {
      return {
        status: 'BAD',
        code: 'TOOBIG',
        reject: `literal of ${describeSize(info.size)} is over the limit of ${maxLiteral} octets for ${info.command || 'a command'}`,
      };
    }
    if (info.octets + info.size > maxCommand) {
      return {
        status: 'BAD',
        code: 'TOOBIG',
        reject: `command is over the limit of ${maxCommand} octets`,
      };
    }
    return 'accept';
  };
}

function describeSize(size: number): string {
  return Number.isFinite(size) ? `${size} octets` : 'an impossibly large size';
}
