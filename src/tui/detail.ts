/**
 * The detail pane's content for the selected line: for a server line, what it meant in this
 * session (the annotations), the full explanation from src/annotate (every part, its RFC section
 * and what to do next), then what to try now; for a client line, the command's catalog entry.
 */
import type { SessionFacts } from '../annotate/context.js';
import { explain } from '../annotate/explain.js';
import { META_COMMANDS } from '../client/help.js';
import type { ClientProtocol } from '../client/events.js';
import { escapeForTerminal } from '../client/server-text.js';
import { findCommand, readTyped } from './catalog.js';
import type { Row } from './layout.js';
import { nextSteps, type NextStepOptions } from './next-steps.js';

export type DetailRole = 'title' | 'heading' | 'text' | 'note' | 'next' | 'rfc' | 'error';

/** One paragraph; the pane wraps it. */
export type DetailLine = { readonly text: string; readonly role: DetailRole; readonly indent?: number };

export type DetailContext = NextStepOptions & { readonly protocol: ClientProtocol; readonly facts?: SessionFacts };

function tryNow(ctx: DetailContext): DetailLine[] {
  const steps = nextSteps(ctx.facts, ctx);
  if (steps.length === 0) return [];
  return [{ text: 'Try now', role: 'heading' }, ...steps.map((s): DetailLine => ({ text: `${s.command}  — ${s.why}`, role: 'next', indent: 2 }))];
}

function explanationLines(raw: string, protocol: ClientProtocol): DetailLine[] {
  let parts;
  try {
    parts = explain(raw, { protocol }).parts;
  } catch {
    return [];
  }
  const out: DetailLine[] = [];
  for (const p of parts) {
    out.push({ text: escapeForTerminal(p.label), role: 'heading' });
    out.push({ text: escapeForTerminal(p.meaning), role: 'text', indent: 2 });
    if (p.next) out.push({ text: `Next: ${escapeForTerminal(p.next)}`, role: 'next', indent: 2 });
    out.push({ text: `(${p.rfc})`, role: 'rfc', indent: 2 });
  }
  return out;
}

function commandLines(raw: string, ctx: DetailContext): DetailLine[] {
  if (raw.trimStart().startsWith(':')) {
    const name = raw.trim().split(/\s+/)[0]!.toLowerCase();
    const meta = META_COMMANDS.find((m) => m.name === name);
    return meta ? [{ text: meta.syntax, role: 'heading' }, { text: meta.summary, role: 'text', indent: 2 }] : [];
  }
  // The engine put a tag in front of IMAP commands: read past it.
  const t = readTyped(ctx.protocol, `${raw} `);
  const entry = t.entry ?? findCommand(ctx.protocol, t.name);
  if (!entry) return [];
  return [
    { text: entry.syntax, role: 'heading' },
    { text: entry.summary, role: 'text', indent: 2 },
    ...(entry.states ? [{ text: `accepted in: ${entry.states.join(', ')}`, role: 'text' as const, indent: 2 }] : []),
    { text: `(${entry.rfc})`, role: 'rfc', indent: 2 },
  ];
}

/** The detail lines for a selected row (or for no selection: what to try now). */
export function detailFor(row: Row | undefined, ctx: DetailContext): DetailLine[] {
  if (!row) return [{ text: 'Nothing selected', role: 'title' }, ...tryNow(ctx)];
  if (row.kind === 'fold' || row.kind === 'body') {
    return [{ text: row.text, role: 'title' }, { text: 'Enter (or Space) opens and closes it while the conversation has the focus (Esc).', role: 'text' }];
  }
  const e = row.entry;
  if (!e) return [{ text: row.text, role: 'title' }, ...tryNow(ctx)];
  const notes = e.notes.flatMap((n) => n.split('\n')).map((text): DetailLine => ({ text, role: 'note', indent: 2 }));
  if (e.kind === 'recv') {
    const explained = e.content ? [] : explanationLines(e.raw, ctx.protocol);
    return [
      { text: `S: ${e.text}`, role: 'title' },
      ...(notes.length ? [{ text: 'In this session', role: 'heading' as const }, ...notes] : []),
      ...explained,
      ...(notes.length === 0 && explained.length === 0 ? [{ text: e.content ? 'Message content: the server passes it on as stored.' : 'No explanation for this line.', role: 'text' as const }] : []),
      ...tryNow(ctx),
    ];
  }
  if (e.kind === 'send' || e.kind === 'local') {
    const marker = e.kind === 'send' ? 'C: ' : '> ';
    return [
      { text: `${marker}${e.text}`, role: 'title' },
      ...(e.content ? [{ text: 'Content you sent (message data, a literal or a SASL answer).', role: 'text' as const }] : commandLines(e.raw, ctx)),
      ...(notes.length ? [{ text: 'Careful', role: 'heading' as const }, ...notes.map((n) => ({ ...n, role: 'error' as const }))] : []),
      ...tryNow(ctx),
    ];
  }
  return [{ text: row.text, role: 'title' }, ...tryNow(ctx)];
}
