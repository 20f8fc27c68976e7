#!/usr/bin/env node
/**
 * Re-records the sample transcripts from the command files in transcripts/scripts/, with the tool
 * itself (`mailproto connect TARGET --record FILE` in line mode), so that every sample is an honest
 * recording and can be made again after a change.
 *
 *   node transcripts/record.mjs                 the sandbox-* ones (each starts its own sandbox)
 *   node transcripts/record.mjs --peers         also postfix-* and dovecot-*: start the peers first
 *                                               (../shared/peers/postfix.sh start, dovecot.sh start)
 *   node transcripts/record.mjs NAME...         only these (script names without .txt)
 *   node transcripts/record.mjs --out DIR ...   write the recordings to DIR instead of transcripts/
 *
 * A command file starts with directives, then holds what a learner would type, one line each
 * (meta-commands such as :note, :marker and :auth included):
 *
 *   # target: sandbox:smtp
 *   # title: SMTP: a whole send with STARTTLS and AUTH (sandbox)
 *   # options: --show-secrets --insecure
 *
 * Run `npm run build` first: the recording is made by bin/mailproto, which runs dist/.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? args[outIndex + 1] : here;
if (outIndex >= 0) args.splice(outIndex, 2);
if (!outDir) {
  console.error('--out needs a directory');
  process.exit(1);
}
const peers = args.includes('--peers');
const wanted = args.filter((a) => !a.startsWith('--'));

/** Splits a command file into its directives and the lines to type. */
function parseScript(text) {
  const lines = text.split('\n');
  const directives = {};
  let i = 0;
  for (; i < lines.length; i++) {
    const m = /^# (\w+):\s*(.*)$/.exec(lines[i]);
    if (!m) break;
    directives[m[1]] = m[2].trim();
  }
  if (!directives.target || !directives.title) throw new Error('the command file needs "# target:" and "# title:" lines at the top');
  return { directives, input: lines.slice(i).join('\n') };
}

const scripts = readdirSync(join(here, 'scripts'))
  .filter((f) => f.endsWith('.txt'))
  .map((f) => basename(f, '.txt'))
  .filter((name) => (wanted.length > 0 ? wanted.includes(name) : peers || name.startsWith('sandbox-')))
  .sort();
if (wanted.length > 0 && scripts.length !== wanted.length) {
  console.error(`no command file for: ${wanted.filter((w) => !scripts.includes(w)).join(', ')}`);
  process.exit(1);
}

let failed = 0;
for (const name of scripts) {
  const { directives, input } = parseScript(readFileSync(join(here, 'scripts', `${name}.txt`), 'utf8'));
  const out = join(outDir, `${name}.jsonl`);
  const options = directives.options ? directives.options.split(/\s+/).filter(Boolean) : [];
  const run = spawnSync(process.execPath, [join(root, 'bin/mailproto'), 'connect', directives.target, '--record', out, '--title', directives.title, '--no-annotate', ...options], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  if (run.status !== 0) {
    failed++;
    console.error(`${name}: mailproto connect exited ${run.status ?? run.signal}\n${run.stderr}${run.stdout.split('\n').slice(-15).join('\n')}`);
    continue;
  }
  console.log(`${name}.jsonl: ${run.stdout.split('\n').filter((l) => /^[CS]: /.test(l)).length} lines recorded`);
}
process.exit(failed > 0 ? 1 : 0);
