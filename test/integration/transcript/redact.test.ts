/**
 * `transcript redact` on real recordings: each protocol's ways of logging in are recorded twice
 * against the sandbox, once with --show-secrets and once redacted by the live client. Redacting
 * the first must give exactly the client lines of the second.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLineMode } from '../../../src/client/line-mode.js';
import { parseTranscript } from '../../../src/transcript/reader.js';
import { redactTranscriptText } from '../../../src/transcript/redact.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sandbox: TestSandbox;
let dir: string;
let n = 0;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dir = await mkdtemp(join(tmpdir(), 'mailproto-redact-'));
});
afterAll(async () => {
  await sandbox?.stop();
  await rm(dir, { recursive: true, force: true });
});

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const WRONG = 'Wr0ng-Secret';
/** Secrets the scripts below send, in the forms they go on the wire. */
const SECRETS = [WRONG, b64(WRONG), b64(`\0alice\0${WRONG}`), b64('password'), b64('\0alice\0password')];

/** Records `script` in line mode; returns the transcript text. */
async function record(protocol: 'smtp' | 'pop3' | 'imap', script: readonly string[], showSecrets: boolean): Promise<string> {
  const file = join(dir, `${protocol}-${++n}.jsonl`);
  const result = await runLineMode({
    target: `${protocol}://127.0.0.1:${sandbox.ports[protocol]}`,
    annotate: false,
    timeoutSeconds: 10,
    showSecrets,
    record: file,
    input: Readable.from([`${script.join('\n')}\n`]),
    output: () => undefined,
  });
  expect(result.exitCode, result.error?.message).toBe(0);
  return readFile(file, 'utf8');
}

/** What the client sent, as recorded: text and the redacted flag. */
const sent = (text: string): Array<{ text: string; redacted?: true }> =>
  parseTranscript(text).events.flatMap((e) => (e.type === 'send' ? [{ text: e.text, ...(e.redacted ? { redacted: e.redacted } : {}) }] : []));

// Two failed attempts at most per session: the sandbox closes after the third.
const CASES: ReadonlyArray<[string, 'smtp' | 'pop3' | 'imap', readonly string[]]> = [
  ['SMTP AUTH PLAIN with an initial response, AUTH LOGIN typed, cancelled, CRAM-MD5 and :auth', 'smtp', [
    'EHLO me', `AUTH PLAIN ${b64(`\0alice\0${WRONG}`)}`, 'AUTH LOGIN', b64('alice'), b64(WRONG), 'AUTH LOGIN', '*',
    `:auth cram-md5 alice ${WRONG}`, ':auth login alice password', 'QUIT',
  ]],
  ['POP3 USER/PASS, AUTH PLAIN with an initial response, :auth cram-md5', 'pop3', [
    'CAPA', 'USER alice', `PASS ${WRONG}`, `AUTH PLAIN ${b64(`\0alice\0${WRONG}`)}`, ':auth cram-md5 alice password', 'STAT', 'QUIT',
  ]],
  ['POP3 APOP, AUTH LOGIN typed, then USER/PASS', 'pop3', [
    'APOP alice 0123456789abcdef0123456789abcdef', 'AUTH LOGIN', b64('alice'), b64(WRONG), 'USER alice', 'PASS password', 'QUIT',
  ]],
  ['IMAP LOGIN, LOGIN with literals, then LOGIN', 'imap', [
    `A1 LOGIN alice ${WRONG}`, `A2 LOGIN {5}`, `alice {${WRONG.length}}`, WRONG, 'LOGIN alice password', 'LOGOUT',
  ]],
  ['IMAP AUTHENTICATE PLAIN (SASL-IR), AUTHENTICATE LOGIN typed, :auth plain', 'imap', [
    `AUTHENTICATE PLAIN ${b64(`\0alice\0${WRONG}`)}`, 'AUTHENTICATE LOGIN', b64('alice'), b64(WRONG), ':auth login alice password', 'NOOP', 'LOGOUT',
  ]],
];

describe('transcript redact', () => {
  it.each(CASES)('%s: redacted exactly as the live client redacts', async (_name, protocol, script) => {
    const open = await record(protocol, script, true);
    const live = await record(protocol, script, false);
    // The open recording really holds secrets (else the comparison proves nothing).
    expect(SECRETS.filter((x) => open.includes(x))).not.toEqual([]);
    expect(sent(live).some((l) => l.redacted)).toBe(true);

    const result = redactTranscriptText(open);
    expect(sent(result.text)).toEqual(sent(live));
    expect(result.redacted).toBe(sent(live).filter((l) => l.redacted).length);
    expect(SECRETS.filter((x) => result.text.includes(x))).toEqual([]);
    // Everything else stays as it was: the header, server lines and times.
    const before = open.split('\n');
    const after = result.text.split('\n');
    expect(after).toHaveLength(before.length);
    expect(after.filter((l, i) => l !== before[i]).length).toBe(result.redacted);
    expect(result.lines.every((line) => after[line - 1]!.includes('"redacted":true'))).toBe(true);
    // Redacting again finds nothing more.
    expect(redactTranscriptText(result.text)).toMatchObject({ redacted: 0, text: result.text });
  });

  it('leaves a transcript without secrets untouched', async () => {
    const open = await record('smtp', ['EHLO me', 'MAIL FROM:<alice@sandbox.test>', 'RCPT TO:<bob@sandbox.test>', 'DATA', 'PASS not-a-command-here', 'AUTH PLAIN in-the-body', '.', 'QUIT'], true);
    expect(redactTranscriptText(open)).toEqual({ text: open, redacted: 0, lines: [] });
  });
});
