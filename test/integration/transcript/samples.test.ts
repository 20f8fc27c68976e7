/**
 * Every sample recording in transcripts/ replays against a live server with every reply meaning
 * what it meant when it was recorded: `sandbox-*` against a fresh sandbox, `postfix-*` against the
 * Postfix peer and `dovecot-*` against a Dovecot peer of this file's own (../shared/peers/, started
 * as the client-peers tests do). A sample whose name fits none of these fails: each sample must be
 * checked somewhere.
 */
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, ensureBuilt, ROOT } from '../../helpers/cli-process.js';
import { startDovecotServer, startPostfixServer, type DovecotServer, type PostfixServer } from '../../helpers/mail-peers.js';

const DIR = join(ROOT, 'transcripts');
const samples = readdirSync(DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();
const uses = (prefix: string): boolean => samples.some((f) => f.startsWith(prefix));

// One Dovecot for all dovecot-* samples, replayed in name order: transcripts/record.mjs --peers
// records them in that order against one Dovecot too (replies are compared by meaning, so message
// counts may differ anyway).
let dovecot: DovecotServer | undefined;
let postfix: PostfixServer | undefined;
let dovecotDir: string | undefined;

beforeAll(async () => {
  ensureBuilt();
  if (uses('dovecot-')) {
    dovecotDir = await mkdtemp(join(tmpdir(), 'mailproto-samples-dovecot-'));
    dovecot = await startDovecotServer(dovecotDir);
  }
  if (uses('postfix-')) postfix = await startPostfixServer();
}, 180_000);
afterEach(() => CliProcess.killAll());
afterAll(async () => {
  await dovecot?.stop();
  await postfix?.stop();
  if (dovecotDir) await rm(dovecotDir, { recursive: true, force: true });
});

/** The --against arguments for a sample, by its name. */
function against(file: string): string[] {
  const protocol = /-(smtp|pop3|imap)-/.exec(file)?.[1] as 'smtp' | 'pop3' | 'imap' | undefined;
  if (file.startsWith('sandbox-')) return ['--against', 'sandbox'];
  if (file.startsWith('dovecot-') && dovecot && (protocol === 'pop3' || protocol === 'imap')) {
    // Dovecot's certificate is self-signed for CN=peer.test: STARTTLS/STLS needs --insecure.
    return ['--against', `${protocol}://127.0.0.1:${dovecot.ports[protocol]}`, '--insecure'];
  }
  if (file.startsWith('postfix-') && postfix && protocol === 'smtp') return ['--against', `smtp://127.0.0.1:${postfix.port}`, '--insecure'];
  throw new Error(`${file}: no rule says which server to replay it against (sandbox-*, postfix-*-smtp-*, dovecot-*-pop3|imap-*)`);
}

describe('transcripts/*.jsonl', () => {
  it('the directory holds samples', () => {
    expect(samples.length).toBeGreaterThan(0);
  });

  it.each(samples)('%s replays against its server with every reply matching', async (file) => {
    const p = CliProcess.start(['replay', join('transcripts', file), ...against(file), '--no-annotate']);
    const { code } = await p.waitExit(60_000);
    const last = p.stdout.trimEnd().split('\n').at(-1) ?? '';
    expect(last, `${p.stdout.slice(-3000)}\n${p.stderr}`).toMatch(/^replay: (\d+) of \1 replies match$/);
    expect(code, p.stderr).toBe(0);
    // No step was reported as differing.
    expect(p.stdout.split('\n').some((l) => l.startsWith('!  '))).toBe(false);
  }, 90_000);

  it('replay without --against prints every sample with explanations', async () => {
    for (const file of samples) {
      const p = CliProcess.start(['replay', join('transcripts', file)]);
      const { code } = await p.waitExit(30_000);
      expect(code, `${file}: ${p.stderr}`).toBe(0);
      const lines = p.stdout.split('\n');
      expect(lines.some((l) => l.startsWith('S: ')), file).toBe(true);
      expect(lines.some((l) => l.startsWith('#  ')), file).toBe(true);
    }
  }, 120_000);
});
