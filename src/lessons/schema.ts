/**
 * The lesson file format (design.md "Lessons"; docs/lessons.md is the authors' guide): one YAML
 * file per lesson, checked by this zod schema. `lessons/lesson.schema.json` is generated from it
 * (json-schema.ts) so that editors can complete and check lesson files too.
 *
 * Checks that need the whole lesson (step ids unique, one solution per step, reply codes that fit
 * the step's protocol, faults removed only after they were added) are in lesson-rules.ts; load.ts
 * runs both.
 */
import { z } from 'zod';
import { FaultSpecError, parseFault } from '../server/faults.js';
import { canonicalMailboxName } from '../store/mailbox-names.js';
import { StoreError } from '../store/types.js';

export const TRACKS = ['smtp', 'mime', 'pop3', 'imap', 'security'] as const;
export type Track = (typeof TRACKS)[number];

export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type Level = (typeof LEVELS)[number];

/** Sandbox services a lesson session can connect to (the implicit-TLS ones included). */
export const LESSON_SERVICES = ['smtp', 'submission', 'smtps', 'pop3', 'pop3s', 'imap', 'imaps'] as const;
export type LessonService = (typeof LESSON_SERVICES)[number];

/** Which protocol a service speaks. */
export function serviceProtocol(service: LessonService): 'smtp' | 'pop3' | 'imap' {
  return service.startsWith('pop3') ? 'pop3' : service.startsWith('imap') ? 'imap' : 'smtp';
}

/** Lesson and step ids: lower-case words joined by hyphens (they appear on the command line). */
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const Id = z.string().regex(ID, 'use lower-case letters, digits and hyphens, e.g. smtp-first-message');

const Regex = z
  .string()
  .min(1)
  .superRefine((source, ctx) => {
    try {
      new RegExp(source, 'im');
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(err as Error).message}` });
    }
  })
  .describe('A JavaScript regular expression, case-insensitive, ^ and $ at each line. Quote it with single quotes in YAML.');

const UserName = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a sandbox user name: letters, digits, ".", "_" and "-"');

const MailboxName = z
  .string()
  .superRefine((name, ctx) => {
    try {
      canonicalMailboxName(name);
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message });
    }
  })
  .describe('Mailbox name, "." between levels (INBOX, Projects, Projects.2026)');

const Flag = z
  .string()
  .regex(/^(?:\\(?:Seen|Answered|Flagged|Deleted|Draft)|[^\s\\()*%"\]{]+)$/, 'a system flag (\\Seen, \\Answered, \\Flagged, \\Deleted, \\Draft) or a keyword');

const FaultSpec = z
  .string()
  .superRefine((spec, ctx) => {
    try {
      parseFault(spec);
    } catch (err) {
      if (!(err instanceof FaultSpecError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message });
    }
  })
  .describe('A sandbox fault, as for `mailproto sandbox --fault`: PROTOCOL:COMMAND:REPLY[@PROBABILITY]');

/** A message put into a mailbox: either `raw` (the whole message) or fields mailproto assembles. */
export const MessageSpec = z
  .strictObject({
    user: UserName,
    mailbox: MailboxName.default('INBOX'),
    flags: z.array(Flag).default([]),
    from: z.string().optional().describe('From header; default: postmaster of the sandbox'),
    to: z.string().optional().describe('To header; default: the user'),
    cc: z.string().optional(),
    subject: z.string().optional(),
    date: z.string().optional().describe('Date header as written; default: now'),
    headers: z.record(z.string().regex(/^[\x21-\x39\x3b-\x7e]+$/, 'a header field name'), z.string()).optional(),
    body: z.string().optional(),
    raw: z.string().optional().describe('The whole message (header, empty line, body); excludes the other fields'),
  })
  .superRefine((m, ctx) => {
    if (m.raw === undefined) return;
    for (const key of ['from', 'to', 'cc', 'subject', 'date', 'headers', 'body'] as const) {
      if (m[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} cannot be combined with raw: put it into the raw message` });
    }
  });
export type MessageSpec = z.output<typeof MessageSpec>;

/** What a message in the sandbox must look like; all given fields must match. */
export const MessageMatch = z.strictObject({
  user: UserName,
  mailbox: MailboxName.default('INBOX'),
  subject: Regex.optional(),
  from: Regex.optional(),
  header: z.record(z.string().min(1), Regex).optional().describe('Header name: regex on its decoded, unfolded value (a field that occurs more than once, like Received, matches when one occurrence does)'),
  no_headers: z.array(z.string().min(1)).optional().describe('Header fields the message must not have (e.g. Bcc)'),
  body: Regex.optional().describe('Regex on the raw text after the header'),
  flags: z.array(Flag).optional().describe('Flags the message must have'),
  not_flags: z.array(Flag).optional().describe('Flags the message must not have'),
});
export type MessageMatch = z.output<typeof MessageMatch>;

export const FolderRef = z.strictObject({ user: UserName, name: MailboxName });
export type FolderRef = z.output<typeof FolderRef>;

/** `250`, `5xx`, `+OK`, `-ERR`, `OK`, `NO`, `BAD`, `+` (an IMAP continuation). */
export const ReplyCode = z.union([
  z.number().int().min(200).max(599),
  z.string().regex(/^(?:[2-5][0-9x][0-9x]|\+OK|-ERR|OK|NO|BAD|\+)$/i, 'an SMTP code (250, 5xx), +OK, -ERR, OK, NO, BAD or +'),
]);
export type ReplyCode = z.output<typeof ReplyCode>;

export const ReplyGoal = z.union([
  ReplyCode,
  z.strictObject({
    code: ReplyCode,
    command: z.string().regex(/^[A-Za-z]+$/, 'a command name such as RCPT or FETCH').optional().describe('The reply answers this command'),
    text: Regex.optional().describe('Regex on the reply line'),
  }),
]);
export type ReplyGoal = z.output<typeof ReplyGoal>;

export const GOAL_KINDS = ['send', 'recv', 'reply', 'message', 'no_message', 'folder', 'no_folder', 'all', 'any'] as const;
export type GoalKind = (typeof GOAL_KINDS)[number];

export type Goal = {
  send?: string;
  recv?: string;
  reply?: ReplyGoal;
  message?: MessageMatch;
  no_message?: MessageMatch;
  folder?: FolderRef;
  no_folder?: FolderRef;
  all?: Goal[];
  any?: Goal[];
};

export const Goal: z.ZodType<Goal> = z
  .strictObject({
    send: Regex.optional().describe('A line the learner sent matches (IMAP: without its tag)'),
    recv: Regex.optional().describe('A line the server sent matches'),
    reply: ReplyGoal.optional().describe('A reply with this code came back'),
    message: MessageMatch.optional().describe('A mailbox holds a matching message'),
    no_message: MessageMatch.optional().describe('No message in the mailbox matches (a message was deleted)'),
    folder: FolderRef.optional().describe('A folder exists'),
    no_folder: FolderRef.optional().describe('A folder does not exist'),
    get all() {
      return z.array(Goal).min(1).optional().describe('Every one of these goals was reached during the step');
    },
    get any() {
      return z.array(Goal).min(1).optional().describe('One of these goals was reached');
    },
  })
  .superRefine((g, ctx) => {
    const kinds = GOAL_KINDS.filter((k) => g[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `a goal has exactly one of ${GOAL_KINDS.join(', ')}${kinds.length ? ` (found ${kinds.join(', ')})` : ''}` });
    }
  })
  .meta({ id: 'goal' });

/** Exact bytes for the `wire` action: YAML double-quoted strings know `\r`, `\n` and `\x00`. */
const WireBytes = z
  .string()
  .min(1)
  .regex(/^[\x00-\xff]*$/, 'bytes 0-255 only (write other characters as their UTF-8 bytes)')
  .describe('Bytes written in one packet; in YAML double quotes, "\\r\\n" is CRLF and a lone "\\n" a bare LF');

export const WireScript = z.strictObject({
  service: z.enum(LESSON_SERVICES).describe('The sandbox service to talk to, on a connection of its own'),
  who: z.string().min(1).default('A script').describe('Who is talking, for the learner: "An attacker in the middle"'),
  send: z
    .array(z.union([WireBytes, z.strictObject({ tls: z.literal(true).describe('Upgrade the connection to TLS here (after STARTTLS/STLS was accepted)') })]))
    .min(1)
    .describe('Each item is written at once, then the server is given a moment to answer'),
});
export type WireScript = z.output<typeof WireScript>;

export const ACTION_KINDS = ['deliver', 'add_fault', 'remove_fault', 'wire'] as const;

export const Action = z
  .strictObject({
    deliver: MessageSpec.optional().describe('Put a message into a mailbox (an IMAP session hears EXISTS)'),
    add_fault: FaultSpec.optional(),
    remove_fault: FaultSpec.optional().describe('Switch off a fault added by the seed or an earlier add_fault'),
    wire: WireScript.optional().describe('Send exact bytes to the sandbox on a connection of its own (several commands in one packet, bare LF, STARTTLS) and show the learner the conversation'),
  })
  .superRefine((a, ctx) => {
    const kinds = ACTION_KINDS.filter((k) => a[k] !== undefined);
    if (kinds.length !== 1) ctx.addIssue({ code: 'custom', message: `an action has exactly one of ${ACTION_KINDS.join(', ')}` });
  });
export type Action = z.output<typeof Action>;

export const Step = z.strictObject({
  id: Id,
  title: z.string().min(1),
  text: z.string().min(1).describe('Markdown: what to learn and what to do'),
  connect: z.enum(LESSON_SERVICES).optional().describe('Connect to this service when the step starts (ends the session before)'),
  on_enter: z.array(Action).default([]).describe('Done in the sandbox when the step starts'),
  goal: Goal,
  after: z.array(Action).default([]).describe('Done in the sandbox when the goal is reached'),
  hints: z.array(z.string().min(1)).default([]).describe('Revealed one at a time'),
  advice: z.string().optional().describe('Shown when a reply says the attempt went wrong (4xx, 5xx, -ERR, NO, BAD)'),
  success: z.string().optional().describe('Shown when the goal is reached: what just happened'),
});
export type Step = z.output<typeof Step>;

export const Seed = z.strictObject({
  users: z
    .array(z.strictObject({ name: UserName, password: z.string().min(1) }))
    .default([])
    .describe('Users besides alice and bob (password: password)'),
  mailboxes: z.array(FolderRef).default([]),
  messages: z.array(MessageSpec).default([]),
  faults: z.array(FaultSpec).default([]),
  require_tls_for_auth: z.boolean().default(false).describe('Refuse AUTH, LOGIN and USER/PASS until TLS is up'),
});
export type Seed = z.output<typeof Seed>;

const LessonShape = z.strictObject({
  $schema: z.string().optional(),
  id: Id,
  title: z.string().min(1),
  track: z.enum(TRACKS),
  level: z.enum(LEVELS),
  minutes: z.number().int().min(1).max(60).optional().describe('About how long the lesson takes'),
  summary: z.string().min(1).describe('One sentence for the lesson list'),
  objectives: z.array(z.string().min(1)).min(1),
  prerequisites: z.array(Id).default([]),
  connect: z.enum(LESSON_SERVICES).describe('The service the learner talks to first'),
  seed: Seed.default({ users: [], mailboxes: [], messages: [], faults: [], require_tls_for_auth: false }),
  steps: z.array(Step).min(1),
  solution: z.record(Id, z.array(z.string())).describe('Per step id: the lines a model student types (empty when the sandbox completes the step)'),
  outro: z.string().optional().describe('Markdown shown when the lesson is complete'),
});
export type Lesson = z.output<typeof LessonShape>;
export type LessonInput = z.input<typeof LessonShape>;

/** The schema of a lesson file. lesson-rules.ts checks what needs the whole lesson. */
export const Lesson = LessonShape.meta({ id: 'lesson', title: 'mailproto lesson', description: 'One lesson of mailproto learn (docs/lessons.md)' });
