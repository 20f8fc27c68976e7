/**
 * A step's goal in words for the lesson pane: "a 250 reply to EHLO", "bob's INBOX holds a message
 * with subject /hello/". Regular expressions are shown as the author wrote them, between slashes.
 */
import type { FolderRef, Goal, MessageMatch, ReplyGoal } from '../lessons/schema.js';

function reply(goal: ReplyGoal): string {
  const g = typeof goal === 'object' ? goal : { code: goal };
  const code = String(g.code);
  const what = code === '+' ? 'a "+" continuation' : `${/^OK$/i.test(code) ? 'an' : 'a'} ${code} reply`;
  return `${what}${g.command ? ` to ${g.command.toUpperCase()}` : ''}${g.text ? ` matching /${g.text}/` : ''}`;
}

function message(m: MessageMatch): string {
  const parts: string[] = [];
  if (m.subject) parts.push(`subject /${m.subject}/`);
  if (m.from) parts.push(`From /${m.from}/`);
  for (const [name, re] of Object.entries(m.header ?? {})) parts.push(`${name} /${re}/`);
  if (m.no_headers?.length) parts.push(`no ${m.no_headers.join(', ')} field`);
  if (m.body) parts.push(`body /${m.body}/`);
  if (m.flags?.length) parts.push(`flags ${m.flags.join(' ')}`);
  if (m.not_flags?.length) parts.push(`without ${m.not_flags.join(' ')}`);
  return `a message${parts.length ? ` with ${parts.join(', ')}` : ''}`;
}

const box = (m: { user: string; mailbox?: string }): string => `${m.user}'s ${m.mailbox ?? 'INBOX'}`;
const folder = (f: FolderRef): string => `${f.user}'s mailbox ${f.name}`;

/** The goal in one sentence (without a full stop). */
export function describeGoal(goal: Goal): string {
  if (goal.send !== undefined) return `you send a line matching /${goal.send}/`;
  if (goal.recv !== undefined) return `the server sends a line matching /${goal.recv}/`;
  if (goal.reply !== undefined) return reply(goal.reply);
  if (goal.message) return `${box(goal.message)} holds ${message(goal.message)}`;
  if (goal.no_message) return `${box(goal.no_message)} no longer holds ${message(goal.no_message)}`;
  if (goal.folder) return `${folder(goal.folder)} exists`;
  if (goal.no_folder) return `${folder(goal.no_folder)} is gone`;
  if (goal.all) return goal.all.map(describeGoal).join('; and ');
  if (goal.any) return `one of: ${goal.any.map(describeGoal).join('; or ')}`;
  return 'see the step';
}
