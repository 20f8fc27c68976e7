/**
 * The lesson format: the published JSON Schema is the one generated from the zod schema, and a
 * broken lesson file is reported as `file:line: message` at the line that is wrong.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonJsonSchemaText } from '../../../src/lessons/json-schema.js';
import { formatProblem, parseLesson } from '../../../src/lessons/load.js';

const SCHEMA_FILE = new URL('../../../lessons/lesson.schema.json', import.meta.url);

/** A small valid lesson; tests change one thing at a time. */
const VALID = `id: tiny
title: Tiny
track: smtp
level: beginner
summary: A lesson for tests.
objectives: [Say hello]
connect: smtp
steps:
  - id: greet
    title: Greet
    text: Say EHLO.
    goal:
      reply: { code: 250, command: EHLO }
solution:
  greet: [EHLO laptop]
`;

function problems(text: string, file = 'lessons/tiny.yaml'): string[] {
  return parseLesson(text, file).problems.map(formatProblem);
}

describe('lesson.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (regenerate: mailproto lessons schema > lessons/lesson.schema.json)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(lessonJsonSchemaText());
  });

  it('describes the lesson fields', () => {
    const schema = JSON.parse(lessonJsonSchemaText()) as { $defs: { lesson: { required: string[]; properties: Record<string, unknown> } } };
    expect(schema.$defs.lesson.required).toEqual(expect.arrayContaining(['id', 'title', 'track', 'level', 'objectives', 'steps', 'solution', 'connect']));
    expect(Object.keys(schema.$defs.lesson.properties)).toEqual(expect.arrayContaining(['prerequisites', 'seed', 'outro']));
  });
});

describe('parseLesson', () => {
  it('accepts a valid lesson and fills in the defaults', () => {
    const { lesson, problems: found } = parseLesson(VALID, 'lessons/01-tiny.yaml');
    expect(found).toEqual([]);
    expect(lesson?.lesson.prerequisites).toEqual([]);
    expect(lesson?.lesson.seed).toEqual({ users: [], mailboxes: [], messages: [], faults: [], require_tls_for_auth: false });
    expect(lesson?.lesson.steps[0]).toMatchObject({ hints: [], on_enter: [], after: [] });
  });

  it.each([
    ['a missing field', VALID.replace('title: Tiny\n', ''), 'lessons/tiny.yaml:1: title: Invalid input: expected string, received undefined'],
    ['a bad enum value', VALID.replace('track: smtp', 'track: nntp'), /^lessons\/tiny.yaml:3: track: Invalid option/],
    ['an unknown field', VALID.replace('    text: Say EHLO.\n', '    text: Say EHLO.\n    hint: oops\n'), 'lessons/tiny.yaml:12: steps[0].hint: unknown field "hint" (docs/lessons.md lists the fields)'],
    ['a goal with two kinds', VALID.replace('      reply: { code: 250, command: EHLO }', "      reply: 250\n      send: '^EHLO'"), /^lessons\/tiny.yaml:12: steps\[0\].goal: a goal has exactly one of send, recv, .* \(found send, reply\)$/],
    ['a broken regular expression', VALID.replace('      reply: { code: 250, command: EHLO }', "      send: '^EHLO ('"), /^lessons\/tiny.yaml:13: steps\[0\].goal.send: not a valid regular expression/],
    ['a reply code of another protocol', VALID.replace('code: 250', "code: '+OK'"), 'lessons/tiny.yaml:13: steps[0].goal.reply: reply +OK is a POP3 reply, but step greet talks SMTP'],
    ['a reply code that is none', VALID.replace('code: 250', 'code: 250x'), /^lessons\/tiny.yaml:13: steps\[0\].goal.reply.code: an SMTP code/],
    ['a solution for a step that is not there', VALID.replace('  greet: [EHLO laptop]', '  greet: [EHLO laptop]\n  hello: [HELO laptop]'), 'lessons/tiny.yaml:16: solution.hello: solution for hello, but no step has that id'],
    ['a step without a solution', VALID.replace('  greet: [EHLO laptop]', '  {}').replace('solution:\n  {}', 'solution: {}'), /^lessons\/tiny.yaml:\d+: solution: solution has no entry for step greet/],
    ['an unknown user', VALID.replace('      reply: { code: 250, command: EHLO }', '      message: { user: carol, subject: x }'), /^lessons\/tiny.yaml:13: steps\[0\].goal.message.user: unknown user carol/],
    ['a bad fault', VALID.replace('connect: smtp\n', "connect: smtp\nseed:\n  faults: ['smtp:RCPT']\n"), /^lessons\/tiny.yaml:9: seed.faults\[0\]: bad fault "smtp:RCPT"/],
    ['removing a fault that is not on', VALID.replace('    text: Say EHLO.\n', "    text: Say EHLO.\n    on_enter:\n      - remove_fault: 'smtp:RCPT:452 4.2.2 Full'\n"), /^lessons\/tiny.yaml:13: steps\[0\].on_enter\[0\].remove_fault: fault "smtp:RCPT:452 4.2.2 Full" is not switched on/],
    ['a seed message in a mailbox that does not exist', VALID.replace('connect: smtp\n', 'connect: smtp\nseed:\n  messages:\n    - { user: alice, mailbox: Projects, subject: x }\n'), /^lessons\/tiny.yaml:10: seed.messages\[0\].mailbox: mailbox Projects of alice does not exist/],
    ['a YAML syntax error', VALID.replace('title: Tiny', 'title: [Tiny'), /^lessons\/tiny.yaml:\d+: YAML: /],
    ['a wire item that is neither bytes nor { tls: true }', VALID.replace('    text: Say EHLO.\n', '    text: Say EHLO.\n    on_enter:\n      - wire: { service: smtp, send: [{ starttls: true }] }\n'), /^lessons\/tiny.yaml:13: steps\[0\].on_enter\[0\].wire.send\[0\]/],
    ['wire bytes that are not bytes', VALID.replace('    text: Say EHLO.\n', '    text: Say EHLO.\n    on_enter:\n      - wire: { service: smtp, send: ["Subject: Grüße \\u263A\\r\\n"] }\n'), /^lessons\/tiny.yaml:13: steps\[0\].on_enter\[0\].wire.send\[0\]: bytes 0-255 only/],
    ['a duplicate key', VALID.replace('title: Tiny', 'title: Tiny\ntitle: Again'), 'lessons/tiny.yaml:3: YAML: Map keys must be unique'],
  ])('reports %s at its line', (_what, text, expected) => {
    const found = problems(text);
    expect(found.length).toBeGreaterThan(0);
    if (typeof expected === 'string') expect(found).toContain(expected);
    else expect(found.some((p) => expected.test(p)), found.join('\n')).toBe(true);
  });

  it('accepts a wire script of bytes and a TLS upgrade, with a default speaker', () => {
    const text = VALID.replace('    text: Say EHLO.\n', '    text: Say EHLO.\n    on_enter:\n      - wire: { service: smtp, send: ["EHLO a\\r\\nSTARTTLS\\r\\n", { tls: true }, "x\\n.\\n"] }\n');
    const { lesson, problems: found } = parseLesson(text, 'lessons/tiny.yaml');
    expect(found).toEqual([]);
    expect(lesson?.lesson.steps[0]!.on_enter[0]).toEqual({ wire: { service: 'smtp', who: 'A script', send: ['EHLO a\r\nSTARTTLS\r\n', { tls: true }, 'x\n.\n'] } });
  });

  it('wants the file named after the id', () => {
    expect(problems(VALID, 'lessons/03-other.yaml')).toEqual([
      'lessons/03-other.yaml:1: id tiny does not match the file name: call the file tiny.yaml (an "NN-" prefix for the order is fine)',
    ]);
    expect(problems(VALID, 'lessons/03-tiny.yml')).toEqual([]);
  });
});
