/**
 * Playback: a recording made by the real client against the sandbox (ClientSession + Recorder, as
 * `connect sandbox:PROTO --record FILE` does) plays back as the very events the live session
 * showed, annotations included, grouped one command and its whole response per step.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientSession } from '../../../src/client/client-session.js';
import type { ClientEvent } from '../../../src/client/events.js';
import { Recorder } from '../../../src/client/recorder.js';
import { playbackSteps, type PlaybackStep } from '../../../src/transcript/playback.js';
import { parseTranscript, readTranscript, type Transcript } from '../../../src/transcript/reader.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailproto-playback-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Shown = { type: string; text: string };

/** What a person sees of an event (times differ between the live run and the recording). */
function shown(events: readonly ClientEvent[]): Shown[] {
  return events.flatMap((e) => {
    if (e.type === 'send' || e.type === 'recv' || e.type === 'annotation') return [{ type: e.type, text: e.text }];
    if (e.type === 'tls') return [{ type: 'tls', text: `${e.version} ${e.fingerprint256} ${e.authorized}` }];
    return [];
  });
}

/** Runs `lines` through a live session to `target`, recording; returns the live events and the transcript. */
async function record(name: string, target: string, lines: readonly string[], opts: { starttls?: boolean } = {}): Promise<{ live: ClientEvent[]; transcript: Transcript; file: string }> {
  const file = join(dir, `${name}.jsonl`);
  const session = new ClientSession();
  const live: ClientEvent[] = [];
  session.on('event', (e) => live.push(e));
  const recorder = await Recorder.start(session, file, { target, protocol: target.slice('sandbox:'.length) as 'smtp' });
  await session.connect({ target, ...(opts.starttls ? { starttls: true } : {}) });
  for (const line of lines) await session.send(line);
  await session.quit();
  await recorder.stop();
  return { live, transcript: await readTranscript(file), file };
}

const firstSent = (s: PlaybackStep): string | undefined => s.events.find((e) => e.type === 'send')?.text;
const received = (s: PlaybackStep): string[] => s.events.flatMap((e) => (e.type === 'recv' ? [e.text] : []));

describe('playbackSteps', () => {
  it('SMTP: the same lines and annotations as live; DATA with its content and final reply is one step', async () => {
    const { live, transcript } = await record('smtp', 'sandbox:smtp', [
      'EHLO laptop',
      'MAIL FROM:<alice@sandbox.test>',
      'RCPT TO:<bob@sandbox.test>',
      'DATA',
      'Subject: dots',
      '',
      '.a line that starts with a dot',
      '.',
      'AUTH LOGIN',
      'YWxpY2U=',
      'cGFzc3dvcmQ=',
    ]);
    const steps = await playbackSteps(transcript);
    expect(shown(steps.flatMap((s) => s.events))).toEqual(shown(live));
    expect(steps.map((s) => s.kind)).toEqual(Array(7).fill('exchange'));
    expect(steps.map(firstSent)).toEqual([undefined, 'EHLO laptop', 'MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<bob@sandbox.test>', 'DATA', 'AUTH LOGIN', 'QUIT']);
    expect(received(steps[0]!)).toEqual(['220 sandbox.test ESMTP mailproto sandbox']);
    expect(steps[0]!.line).toBe(2);
    const data = steps[4]!;
    expect(data.events.filter((e) => e.type === 'send').map((e) => (e as { text: string }).text)).toEqual(['DATA', 'Subject: dots', '', '..a line that starts with a dot', '.']);
    expect(received(data).map((l) => l.slice(0, 3))).toEqual(['354', '250']);
    // The stuffed line is explained as the learner's own line (not stuffed twice).
    expect(data.events).toContainEqual(expect.objectContaining({ type: 'annotation', about: 'send', text: expect.stringMatching(/dot-stuffing/) }));
    const auth = steps[5]!;
    expect(auth.events.filter((e) => e.type === 'send').map((e) => (e as { text: string }).text)).toEqual(['AUTH LOGIN', '<redacted>', '<redacted>']);
    // The recording's mark is kept: replay --against knows these lines must be refilled.
    expect(auth.events.filter((e) => e.type === 'send').map((e) => (e as { redacted?: boolean }).redacted === true)).toEqual([false, true, true]);
    expect(received(auth).map((l) => l.slice(0, 3))).toEqual(['334', '334', '235']);
    // Lines and times come from the file.
    const lines = (await readFile(join(dir, 'smtp.jsonl'), 'utf8')).split('\n');
    expect(JSON.parse(lines[data.line - 1]!)).toMatchObject({ type: 'send', text: 'DATA', t: data.t });
  });

  it('POP3 with STLS: the TLS summary is the recorded one, multi-line bodies stay in their step', async () => {
    const { live, transcript } = await record('pop3', 'sandbox:pop3', ['USER alice', 'PASS password', 'LIST', 'RETR 1'], { starttls: true });
    const steps = await playbackSteps(transcript);
    expect(shown(steps.flatMap((s) => s.events))).toEqual(shown(live));
    expect(steps.map(firstSent)).toEqual([undefined, 'CAPA', 'STLS', 'USER alice', 'PASS <redacted>', 'LIST', 'RETR 1', 'QUIT']);
    const stls = steps[2]!;
    const tls = stls.events.find((e) => e.type === 'tls');
    const recorded = transcript.events.find((e) => e.type === 'tls');
    expect(tls).toMatchObject({ fingerprint256: (recorded as { fingerprint256: string }).fingerprint256, authorized: true });
    expect(received(steps[6]!)[0]).toMatch(/^\+OK/);
    expect(received(steps[6]!).at(-1)).toBe('.');
    expect(steps[6]!.events.filter((e) => e.type === 'recv' && e.inBody).length).toBeGreaterThan(5);
  });

  it('IMAP with STARTTLS: untagged lines, literals both ways and IDLE belong to their command', async () => {
    const { live, transcript } = await record('imap', 'sandbox:imap', [
      'CAPABILITY',
      'STARTTLS',
      'LOGIN alice password',
      'SELECT INBOX',
      'FETCH 1 (FLAGS BODY[])',
      'APPEND INBOX {11}',
      'hello world',
      'IDLE',
      'DONE',
    ]);
    const steps = await playbackSteps(transcript);
    expect(shown(steps.flatMap((s) => s.events))).toEqual(shown(live));
    expect(steps.map(firstSent)).toEqual([undefined, 'A001 CAPABILITY', 'A002 STARTTLS', 'A003 LOGIN <redacted>', 'A004 SELECT INBOX', 'A005 FETCH 1 (FLAGS BODY[])', 'A006 APPEND INBOX {11}', 'A007 IDLE', 'A008 LOGOUT']);
    expect(steps[2]!.events.some((e) => e.type === 'tls')).toBe(true);
    expect(received(steps[4]!).at(-1)).toMatch(/^A004 OK \[READ-WRITE\]/);
    const fetch = steps[5]!;
    expect(received(fetch)[0]).toMatch(/^\* 1 FETCH \(FLAGS \(.*\) BODY\[\] \{\d+\}$/);
    expect(received(fetch).at(-1)).toMatch(/^A005 OK/);
    expect(fetch.events.some((e) => e.type === 'recv' && e.inBody && e.text === 'Subject: Welcome to the mailproto sandbox')).toBe(true);
    expect(steps[6]!.events.filter((e) => e.type === 'send').map((e) => (e as { text: string }).text)).toEqual(['A006 APPEND INBOX {11}', 'hello world']);
    expect(steps[7]!.events.filter((e) => e.type === 'send').map((e) => (e as { text: string }).text)).toEqual(['A007 IDLE', 'DONE']);
    expect(steps[4]!.events).toContainEqual(expect.objectContaining({ type: 'annotation', text: expect.stringMatching(/READ-WRITE/) }));
  });

  it('notes and markers are steps of their own; a note recorded mid-response comes after that exchange', async () => {
    const header = JSON.stringify({ type: 'header', version: 1, protocol: 'smtp', target: 'smtp://127.0.0.1:2525', started: '', title: 'notes' });
    const text = [
      header,
      '{"type":"marker","t":0,"label":"Greeting"}',
      '{"type":"recv","t":5,"text":"220-first line"}',
      '{"type":"note","t":6,"text":"a multi-line greeting"}',
      '{"type":"recv","t":7,"text":"220 ready"}',
      '{"type":"send","t":9,"text":"NOOP"}',
      '{"type":"recv","t":10,"text":"250 2.0.0 OK"}',
      '{"type":"note","t":12,"text":"that was NOOP"}',
    ].join('\n');
    const steps = await playbackSteps(parseTranscript(text));
    expect(steps.map((s) => [s.kind, s.line, s.label ?? firstSent(s) ?? received(s)[0]])).toEqual([
      ['marker', 2, 'Greeting'],
      ['exchange', 3, '220-first line'],
      ['note', 4, 'a multi-line greeting'],
      ['exchange', 6, 'NOOP'],
      ['note', 8, 'that was NOOP'],
    ]);
    expect(received(steps[1]!)).toEqual(['220-first line', '220 ready']);
    expect(steps[1]!.events.filter((e) => e.type === 'annotation').length).toBeGreaterThan(0);
    expect((await playbackSteps(parseTranscript(text), { annotate: false })).flatMap((s) => s.events).some((e) => e.type === 'annotation')).toBe(false);
  });

  it('a client warning recorded as a note ("warning: ...") is shown as a warning where it happened, as live', async () => {
    const header = JSON.stringify({ type: 'header', version: 1, protocol: 'smtp', target: 'smtps://127.0.0.1:465', started: '', title: 'warned' });
    const text = [
      header,
      '{"type":"tls","t":1,"version":"TLSv1.3","cipher":"C","subject":"CN=x","issuer":"CN=x","validFrom":"a","validTo":"b","fingerprint256":"AB","authorized":false,"verifyError":"self-signed"}',
      '{"type":"note","t":2,"text":"warning: the certificate is NOT verified"}',
      '{"type":"recv","t":3,"text":"220 ready"}',
    ].join('\n');
    const steps = await playbackSteps(parseTranscript(text));
    expect(steps).toHaveLength(1);
    expect(steps[0]!.events.map((e) => e.type).slice(0, 3)).toEqual(['tls', 'warning', 'recv']);
    expect(steps[0]!.events[1]).toMatchObject({ type: 'warning', text: 'the certificate is NOT verified' });
  });

  it('a client line sent before the response was complete: the rest is shown as recorded, after a warning', async () => {
    const header = JSON.stringify({ type: 'header', version: 1, protocol: 'smtp', target: 'smtp://127.0.0.1:2525', started: '', title: 'pipelined' });
    const text = [
      header,
      '{"type":"recv","t":1,"text":"220 ready"}',
      '{"type":"send","t":2,"text":"MAIL FROM:<a@b>"}',
      '{"type":"send","t":2,"text":"RCPT TO:<c@d>"}',
      '{"type":"recv","t":3,"text":"250 2.1.0 ok"}',
      '{"type":"recv","t":3,"text":"250 2.1.5 ok"}',
      '{"type":"close","t":4}',
    ].join('\n');
    const file = join(dir, 'pipelined.jsonl');
    await writeFile(file, text);
    const steps = await playbackSteps(await readTranscript(file));
    expect(steps.map(firstSent)).toEqual([undefined, 'MAIL FROM:<a@b>', 'RCPT TO:<c@d>']);
    expect(steps[1]!.events).toContainEqual(expect.objectContaining({ type: 'warning', text: expect.stringMatching(/shown as recorded, without explanations/) }));
    expect(received(steps[2]!)).toEqual(['250 2.1.0 ok', '250 2.1.5 ok']);
    expect(steps[2]!.events.some((e) => e.type === 'annotation')).toBe(false);
  });
});
