/**
 * Goals: what a step waits for. Event goals (`send`, `recv`, `reply`) are matched against the
 * session's lines as they pass, and once seen during the step they count; state goals (`message`,
 * `folder`, ...) are checked against the store after each response and count while they hold. So
 * `all` means "each of these lines came by during the step, and the sandbox is in this state now".
 */
import { findField } from '../mime/headers.js';
import { parseMimeTree } from '../mime/parse-tree.js';
import { decodeEncodedWords } from '../mime/tools/encodings/encoded-words.js';
import type { MailStore } from '../store/store.js';
import { StoreError } from '../store/types.js';
import { canonicalMailboxName } from '../store/mailbox-names.js';
import type { Goal, MessageMatch, ReplyCode } from './schema.js';

export type Protocol = 'smtp' | 'pop3' | 'imap';

/** A line of the session, as goals see it. */
export type Observed =
  /** `text`: the line sent; for an IMAP command without its tag. `content`: DATA, literal, SASL or DONE. */
  | { readonly kind: 'send'; readonly text: string; readonly content: boolean }
  /** `command`: the verb of the command this line answers, when known. */
  | { readonly kind: 'recv'; readonly text: string; readonly inBody: boolean; readonly command?: string };

/** The sandbox's store as state goals read it. */
export type StoreProbe = {
  messages(user: string, mailbox: string): Promise<ReadonlyArray<{ readonly flags: readonly string[]; read(): Promise<Buffer> }>>;
  folderExists(user: string, name: string): Promise<boolean>;
};

/** A probe over a MailStore; a missing user or mailbox holds no messages. */
export function storeProbe(store: MailStore): StoreProbe {
  return {
    async messages(user, mailbox) {
      try {
        const infos = await store.messages(user, mailbox);
        return infos.map((m) => ({ flags: m.flags, read: () => store.read(user, mailbox, m.uid) }));
      } catch (err) {
        if (err instanceof StoreError && (err.code === 'NONEXISTENT' || err.code === 'NOUSER')) return [];
        throw err;
      }
    },
    async folderExists(user, name) {
      if (!store.hasUser(user)) return false;
      const wanted = canonicalMailboxName(name);
      return (await store.list(user)).some((m) => m.name === wanted);
    },
  };
}

const regexCache = new Map<string, RegExp>();
function re(source: string): RegExp {
  let r = regexCache.get(source);
  if (!r) {
    r = new RegExp(source, 'im');
    regexCache.set(source, r);
  }
  return r;
}

/**
 * The status of a line that ends (or answers) a command: `250` (SMTP final line), `+OK`/`-ERR`,
 * IMAP `OK`/`NO`/`BAD` (tagged; an untagged BAD too) and `+` (continuation). Undefined otherwise.
 */
export function replyStatus(protocol: Protocol, line: string): { readonly code: string; readonly tagged: boolean } | undefined {
  if (protocol === 'smtp') {
    const m = /^([2-5]\d\d)(?: |$)/.exec(line);
    return m ? { code: m[1]!, tagged: true } : undefined;
  }
  if (protocol === 'pop3') {
    const m = /^(\+OK|-ERR)(?:\s|$)/i.exec(line);
    return m ? { code: m[1]!.toUpperCase(), tagged: true } : undefined;
  }
  if (/^\+(?:\s|$)/.test(line)) return { code: '+', tagged: true };
  const m = /^(\S+) (OK|NO|BAD)(?:\s|$)/i.exec(line);
  if (!m) return undefined;
  return { code: m[2]!.toUpperCase(), tagged: m[1] !== '*' };
}

/** True for a status that says the command failed (4xx, 5xx, -ERR, NO, BAD). */
export function isFailure(code: string): boolean {
  return /^[45]\d\d$/.test(code) || code === '-ERR' || code === 'NO' || code === 'BAD';
}

/** `5xx` matches 550; `+ok` matches +OK. */
export function codeMatches(spec: ReplyCode, code: string): boolean {
  const want = String(spec).toUpperCase();
  if (want.length !== code.length) return false;
  return [...want].every((c, i) => c === 'X' || c === code[i]);
}

function eventMatches(goal: Goal, ev: Observed, protocol: Protocol): boolean {
  if (goal.send !== undefined) return ev.kind === 'send' && re(goal.send).test(ev.text);
  if (goal.recv !== undefined) return ev.kind === 'recv' && re(goal.recv).test(ev.text);
  if (goal.reply !== undefined) {
    if (ev.kind !== 'recv' || ev.inBody) return false;
    const status = replyStatus(protocol, ev.text);
    if (!status?.tagged) return false;
    const spec = typeof goal.reply === 'object' ? goal.reply : { code: goal.reply };
    if (!codeMatches(spec.code, status.code)) return false;
    if ('command' in spec && spec.command !== undefined && spec.command.toUpperCase() !== ev.command?.toUpperCase()) return false;
    if ('text' in spec && spec.text !== undefined && !re(spec.text).test(ev.text)) return false;
    return true;
  }
  return false;
}

/** The decoded values of every field named `name` (Received, for one, comes once per hop). */
function headerValues(fields: Parameters<typeof findField>[0], name: string): string[] {
  const lower = name.toLowerCase();
  return fields.filter((f) => f.name.toLowerCase() === lower).map((f) => decodeEncodedWords(f.value));
}

/** True when some message in the mailbox matches every criterion given. */
export async function hasMatchingMessage(probe: StoreProbe, m: MessageMatch): Promise<boolean> {
  const headers: Array<[string, string]> = [
    ...(m.subject !== undefined ? [['Subject', m.subject] as [string, string]] : []),
    ...(m.from !== undefined ? [['From', m.from] as [string, string]] : []),
    ...Object.entries(m.header ?? {}),
  ];
  for (const msg of await probe.messages(m.user, m.mailbox)) {
    const flags = new Set(msg.flags.map((f) => f.toLowerCase()));
    if (m.flags && !m.flags.every((f) => flags.has(f.toLowerCase()))) continue;
    if (m.not_flags && m.not_flags.some((f) => flags.has(f.toLowerCase()))) continue;
    if (headers.length === 0 && m.body === undefined && m.no_headers === undefined) return true;
    const raw = await msg.read();
    const root = parseMimeTree(raw);
    if (m.no_headers?.some((name) => findField(root.fields, name) !== undefined)) continue;
    // A field that occurs more than once (Received) matches when one of its occurrences does.
    const headersOk = headers.every(([name, pattern]) => headerValues(root.fields, name).some((value) => re(pattern).test(value)));
    if (!headersOk) continue;
    if (m.body !== undefined && !re(m.body).test(raw.subarray(root.bodyOffset).toString('utf8'))) continue;
    return true;
  }
  return false;
}

async function stateMatches(goal: Goal, probe: StoreProbe): Promise<boolean> {
  if (goal.message) return hasMatchingMessage(probe, goal.message);
  if (goal.no_message) return !(await hasMatchingMessage(probe, goal.no_message));
  if (goal.folder) return probe.folderExists(goal.folder.user, goal.folder.name);
  if (goal.no_folder) return !(await probe.folderExists(goal.no_folder.user, goal.no_folder.name));
  return false;
}

function isStateGoal(goal: Goal): boolean {
  return goal.message !== undefined || goal.no_message !== undefined || goal.folder !== undefined || goal.no_folder !== undefined;
}

type Node = { readonly goal: Goal; done: boolean; readonly children: Node[] };

function build(goal: Goal): Node {
  return { goal, done: false, children: [...(goal.all ?? []), ...(goal.any ?? [])].map(build) };
}

function leaves(node: Node): Node[] {
  return node.children.length === 0 ? [node] : node.children.flatMap(leaves);
}

function reached(node: Node): boolean {
  if (node.goal.all) return node.children.every(reached);
  if (node.goal.any) return node.children.some(reached);
  return node.done;
}

/** One step's goal, followed line by line and state by state. */
export class GoalTracker {
  private readonly root: Node;

  constructor(goal: Goal) {
    this.root = build(goal);
  }

  /** Notes a session line; true when it reached a part of the goal. */
  observe(ev: Observed, protocol: Protocol): boolean {
    let hit = false;
    for (const leaf of leaves(this.root)) {
      if (!leaf.done && !isStateGoal(leaf.goal) && eventMatches(leaf.goal, ev, protocol)) {
        leaf.done = true;
        hit = true;
      }
    }
    return hit;
  }

  /** True when the goal has state parts (so the store must be looked at). */
  get watchesState(): boolean {
    return leaves(this.root).some((l) => isStateGoal(l.goal));
  }

  /** Looks at the store: each state part counts while it holds. */
  async checkState(probe: StoreProbe): Promise<void> {
    for (const leaf of leaves(this.root)) {
      if (isStateGoal(leaf.goal)) leaf.done = await stateMatches(leaf.goal, probe);
    }
  }

  get reached(): boolean {
    return reached(this.root);
  }
}
