/**
 * Checks that need the whole lesson, run once the schema has accepted every field: they catch the
 * slips an author makes when a lesson grows (a solution for a renamed step, a `-ERR` goal in an
 * SMTP step, a fault removed that was never added).
 */
import { parseFault } from '../server/faults.js';
import { SPECIAL_USE_MAILBOXES, canonicalMailboxName } from '../store/mailbox-names.js';
import { serviceProtocol, type Action, type Goal, type Lesson, type ReplyCode, type Step } from './schema.js';

type Path = (string | number)[];

/** A problem at a path in the lesson. */
export type RuleIssue = { readonly path: Path; readonly message: string };

type Ctx = { addIssue(issue: { code: 'custom'; path: Path; message: string }): void };

/** The users every lesson sandbox has. */
export const LESSON_DEFAULT_USERS = ['alice', 'bob'] as const;

/** Which protocols a reply code can come from. */
export function replyCodeProtocol(code: ReplyCode): 'smtp' | 'pop3' | 'imap' {
  const text = String(code).toUpperCase();
  if (text === '+OK' || text === '-ERR') return 'pop3';
  if (text === 'OK' || text === 'NO' || text === 'BAD' || text === '+') return 'imap';
  return 'smtp';
}

/** The protocol each step talks: its own `connect`, else the one of the step before, else the lesson's. */
export function stepProtocols(lesson: Pick<Lesson, 'connect' | 'steps'>): ('smtp' | 'pop3' | 'imap')[] {
  let service = lesson.connect;
  return lesson.steps.map((s) => {
    service = s.connect ?? service;
    return serviceProtocol(service);
  });
}

function eachGoal(goal: Goal, path: Path, visit: (g: Goal, path: Path) => void): void {
  visit(goal, path);
  goal.all?.forEach((g, i) => eachGoal(g, [...path, 'all', i], visit));
  goal.any?.forEach((g, i) => eachGoal(g, [...path, 'any', i], visit));
}

function checkUsers(lesson: Lesson, ctx: Ctx): void {
  const users = new Set<string>([...LESSON_DEFAULT_USERS, ...lesson.seed.users.map((u) => u.name.toLowerCase())]);
  const known = [...users].join(', ');
  const check = (user: string, path: Path): void => {
    if (!users.has(user.toLowerCase())) ctx.addIssue({ code: 'custom', path, message: `unknown user ${user}: the sandbox has ${known} (add others under seed.users)` });
  };
  lesson.seed.messages.forEach((m, i) => check(m.user, ['seed', 'messages', i, 'user']));
  lesson.seed.mailboxes.forEach((m, i) => check(m.user, ['seed', 'mailboxes', i, 'user']));
  lesson.steps.forEach((step, s) => {
    eachGoal(step.goal, ['steps', s, 'goal'], (g, path) => {
      for (const key of ['message', 'no_message', 'folder', 'no_folder'] as const) {
        const ref = g[key];
        if (ref) check(ref.user, [...path, key, 'user']);
      }
    });
    for (const list of ['on_enter', 'after'] as const) {
      step[list].forEach((a, i) => {
        if (a.deliver) check(a.deliver.user, ['steps', s, list, i, 'deliver', 'user']);
      });
    }
  });
}

/** Seed messages go into INBOX, the special-use folders every user has, or a seeded mailbox. */
function checkSeedMailboxes(lesson: Lesson, ctx: Ctx): void {
  const standard = new Set(['INBOX', ...Object.keys(SPECIAL_USE_MAILBOXES)].map(canonicalMailboxName));
  const seeded = new Set(lesson.seed.mailboxes.map((m) => `${m.user.toLowerCase()}\0${canonicalMailboxName(m.name)}`));
  lesson.seed.messages.forEach((m, i) => {
    const name = canonicalMailboxName(m.mailbox);
    if (!standard.has(name) && !seeded.has(`${m.user.toLowerCase()}\0${name}`)) {
      ctx.addIssue({ code: 'custom', path: ['seed', 'messages', i, 'mailbox'], message: `mailbox ${m.mailbox} of ${m.user} does not exist: add it under seed.mailboxes` });
    }
  });
}

function checkSteps(lesson: Lesson, ctx: Ctx): void {
  const seen = new Map<string, number>();
  lesson.steps.forEach((s, i) => {
    if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `step id ${s.id} is used twice (steps ${seen.get(s.id)! + 1} and ${i + 1})` });
    else seen.set(s.id, i);
  });
  for (const [i, s] of lesson.steps.entries()) {
    if (!(s.id in lesson.solution)) ctx.addIssue({ code: 'custom', path: ['solution'], message: `solution has no entry for step ${s.id} (step ${i + 1}); write [] when the sandbox completes the step` });
  }
  for (const key of Object.keys(lesson.solution)) {
    if (!seen.has(key)) ctx.addIssue({ code: 'custom', path: ['solution', key], message: `solution for ${key}, but no step has that id` });
  }
  if (lesson.prerequisites.includes(lesson.id)) {
    ctx.addIssue({ code: 'custom', path: ['prerequisites'], message: 'a lesson cannot be its own prerequisite' });
  }
}

function checkReplyCodes(lesson: Lesson, ctx: Ctx): void {
  const protocols = stepProtocols(lesson);
  lesson.steps.forEach((step, s) => {
    const protocol = protocols[s]!;
    eachGoal(step.goal, ['steps', s, 'goal'], (g, path) => {
      if (g.reply === undefined) return;
      const code = typeof g.reply === 'object' ? g.reply.code : g.reply;
      const from = replyCodeProtocol(code);
      if (from !== protocol) {
        ctx.addIssue({ code: 'custom', path: [...path, 'reply'], message: `reply ${code} is a ${from.toUpperCase()} reply, but step ${step.id} talks ${protocol.toUpperCase()}` });
      }
    });
  });
}

function faultKey(spec: string): string {
  const f = parseFault(spec);
  return `${f.protocol}:${f.command}:${f.reply}@${f.probability}`;
}

/** remove_fault must name a fault in force at that point (added by the seed or an earlier action). */
function checkFaults(lesson: Lesson, ctx: Ctx): void {
  const active = new Set(lesson.seed.faults.map(faultKey));
  const run = (actions: readonly Action[], path: Path): void => {
    actions.forEach((a, i) => {
      if (a.add_fault) active.add(faultKey(a.add_fault));
      if (a.remove_fault && !active.delete(faultKey(a.remove_fault))) {
        ctx.addIssue({ code: 'custom', path: [...path, i, 'remove_fault'], message: `fault "${a.remove_fault}" is not switched on at this point` });
      }
    });
  };
  lesson.steps.forEach((step: Step, s) => {
    run(step.on_enter, ['steps', s, 'on_enter']);
    run(step.after, ['steps', s, 'after']);
  });
}

/** Every whole-lesson check, for a lesson the schema has accepted. */
export function checkLesson(lesson: Lesson): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const ctx: Ctx = { addIssue: ({ path, message }) => void issues.push({ path, message }) };
  checkSteps(lesson, ctx);
  checkUsers(lesson, ctx);
  checkSeedMailboxes(lesson, ctx);
  checkReplyCodes(lesson, ctx);
  checkFaults(lesson, ctx);
  return issues;
}
